using System.Diagnostics;
using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Targets;

namespace Chatalot.LoadTest.Scenarios;

/// <summary>
/// Durable sends: S connections each keep W <c>send_message</c> frames in flight for T seconds; a send counts when its
/// <c>message_sent</c> arrives, which the server sends only after the durable write (gateway.md).
/// </summary>
internal sealed class DurableSendScenario(LoadOptions options)
{
    private const int MaxMessages = 4_000_000;

    public async Task<List<ScenarioResult>> RunAsync(ILoadTarget target, CancellationToken cancellationToken)
    {
        var channels = Math.Min(options.Channels, options.DurableSenders);
        await target.PrepareAsync(channels, cancellationToken);
        var (connections, _, _) = await Connector.OpenAsync(target, 0, options.DurableSenders, channels, subscribe: false, options.ConnectConcurrency, cancellationToken);
        var sentAt = new long[MaxMessages];
        var latency = new LatencyHistogram();
        long next = -1, acked = 0, errors = 0, countedFrom = 0;
        var windows = connections.Select(_ => new SemaphoreSlim(options.DurableWindow, options.DurableWindow)).ToArray();
        foreach (var c in connections)
        {
            c.OnAck = (conn, id) =>
            {
                if (id >= 0 && id < MaxMessages)
                {
                    latency.Record((long)Stopwatch.GetElapsedTime(sentAt[id]).TotalMicroseconds);
                }

                Interlocked.Increment(ref acked);
                windows[conn.Index].Release();
            };
            c.OnError = (conn, text) =>
            {
                if (Interlocked.Increment(ref errors) == 1)
                {
                    Console.Error.WriteLine($"  first error: {text}");
                }

                windows[conn.Index].Release();
            };
        }

        var payload = new byte[options.PayloadBytes];
        Random.Shared.NextBytes(payload);
        var cpu0 = target.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(options.DurableSeconds));
        using (new Progress($"{target.Name} durable", () => $"acknowledged {Interlocked.Read(ref acked):N0}, errors {Interlocked.Read(ref errors)}"))
        {
            var senders = connections.Select(async c =>
            {
                var window = windows[c.Index];
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await window.WaitAsync(stop.Token);
                        var id = Interlocked.Increment(ref next);
                        if (id >= MaxMessages)
                        {
                            return;
                        }

                        sentAt[id] = Stopwatch.GetTimestamp();
                        await c.SendMessageAsync(c.Index % channels, id, payload, stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }).ToArray();
            await Task.WhenAll(senders);
            countedFrom = Interlocked.Read(ref acked);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = target.ServerCpuSeconds() - cpu0;

        // Let in-flight sends finish before closing, so the server is not measured tearing down busy connections.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(10) && Interlocked.Read(ref acked) + Interlocked.Read(ref errors) < Interlocked.Read(ref next) + 1)
        {
            await Task.Delay(20, cancellationToken);
        }

        await Connector.CloseAsync(connections);
        foreach (var w in windows)
        {
            w.Dispose();
        }

        Console.Error.WriteLine($"  {target.Name} durable: {countedFrom / seconds:N0} acknowledged sends/s, p99 {latency.PercentileMs(99):F1} ms");
        return
        [
            new ScenarioResult("durable", target.Name, $"{options.DurableSenders}x{options.DurableWindow}", new Dictionary<string, double>
            {
                ["senders"] = options.DurableSenders,
                ["nodes"] = target.Servers.Count,
                ["window"] = options.DurableWindow,
                ["acknowledged"] = countedFrom,
                ["sends_per_s"] = countedFrom / seconds,
                ["errors"] = Interlocked.Read(ref errors),
                ["p50_ms"] = latency.PercentileMs(50),
                ["p99_ms"] = latency.PercentileMs(99),
                ["max_ms"] = latency.MaxMs,
                ["server_cpu_cores"] = cpu / seconds,
                ["server_rss_mib"] = target.ServerResidentBytes() / 1048576.0,
            }),
        ];
    }
}
