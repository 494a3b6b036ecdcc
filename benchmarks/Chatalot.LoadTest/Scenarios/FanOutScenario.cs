using System.Buffers.Binary;
using System.Diagnostics;
using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Targets;

namespace Chatalot.LoadTest.Scenarios;

/// <summary>
/// Fan-out: C connections in K channels; connection k (k &lt; K) publishes to channel k at rate/K messages/s. Every
/// delivery carries (step, channel, index, send timestamp) so the receiver measures end-to-end latency and tracks, in a
/// per-connection bitmap, lost and duplicated deliveries against the sends the server acknowledged.
/// </summary>
internal sealed class FanOutScenario(LoadOptions options)
{
    private const int HeaderBytes = 20;

    public async Task<List<ScenarioResult>> RunAsync(ILoadTarget target, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        await target.PrepareAsync(options.Channels, cancellationToken);
        var (connections, _, _) = await Connector.OpenAsync(target, 0, options.Connections, options.Channels, subscribe: true, options.ConnectConcurrency, cancellationToken);
        try
        {
            // Warm-up step (JIT, pools, tiered compilation) at the lowest rate; not reported.
            await RunStepAsync(target, connections, 0, options.Rates[0], Math.Min(3, options.StepSeconds), cancellationToken);
            var step = 1;
            foreach (var rate in options.Rates)
            {
                var r = await RunStepAsync(target, connections, step++, rate, options.StepSeconds, cancellationToken);
                results.Add(r);
                Console.Error.WriteLine($"  {target.Name} fan-out {rate} msg/s: {r.Metrics["deliveries_per_s"]:N0} deliveries/s, p99 {r.Metrics["p99_ms"]:F1} ms, lost {r.Metrics["lost"]}, dup {r.Metrics["duplicated"]}");
                if (r.Metrics["lost"] > 0 || r.Metrics["p99_ms"] > 2_000 || r.Metrics["achieved_ratio"] < 0.8)
                {
                    Console.Error.WriteLine($"  {target.Name}: not sustained at {rate} msg/s; higher rates skipped.");
                    break;
                }
            }
        }
        finally
        {
            await Connector.CloseAsync(connections);
        }

        return results;
    }

    private async Task<ScenarioResult> RunStepAsync(ILoadTarget target, LoadConnection[] connections, int step, int rate, int seconds, CancellationToken cancellationToken)
    {
        var channels = options.Channels;
        var total = rate * seconds;
        var perChannel = (total / channels) + 1;
        var acked = new int[channels];
        var latency = new LatencyHistogram();
        long unique = 0, duplicated = 0, misrouted = 0, late = 0, errors = 0, lastDelivery = 0;
        var members = new int[channels];
        foreach (var c in connections)
        {
            members[c.Channel]++;
            c.Tracking = new bool[perChannel];
            c.OnDelivery = (conn, payload) =>
            {
                var now = Stopwatch.GetTimestamp();
                var s = BinaryPrimitives.ReadInt32LittleEndian(payload);
                var ch = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
                var idx = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
                var sent = BinaryPrimitives.ReadInt64LittleEndian(payload[12..]);
                if (s != step)
                {
                    Interlocked.Increment(ref late);
                    return;
                }

                if (ch != conn.Channel)
                {
                    Interlocked.Increment(ref misrouted);
                    return;
                }

                var seen = (bool[])conn.Tracking!;
                if (seen[idx])
                {
                    Interlocked.Increment(ref duplicated);
                    return;
                }

                seen[idx] = true;
                Interlocked.Increment(ref unique);
                Volatile.Write(ref lastDelivery, now);
                latency.Record((long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
            };
            c.OnAck = (_, requestId) => Interlocked.Increment(ref acked[(int)(requestId % 1_000_000_000 % channels)]);
            c.OnError = (_, text) =>
            {
                if (Interlocked.Increment(ref errors) == 1)
                {
                    Console.Error.WriteLine($"  first error: {text}");
                }
            };
        }

        var cpu0 = target.ServerCpuSeconds();
        var redisPid = (target as ChatalotTarget)?.RedisPid;
        var redisCpu0 = redisPid is int p0 ? ProcessStats.CpuSeconds(p0) : double.NaN;
        var generatorCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var sentCount = 0;
        var payload = new byte[options.PayloadBytes];
        using (new Progress($"{target.Name} fan-out {rate}/s", () => $"sent {Volatile.Read(ref sentCount)}/{total}, delivered {Interlocked.Read(ref unique):N0}, errors {Interlocked.Read(ref errors)}"))
        {
            var start = Stopwatch.GetTimestamp();
            var sends = new List<Task>(total);
            for (var j = 0; j < total; j++)
            {
                // Paced against the clock (not per-message sleeps) so the offered rate holds even with 1 ms timer granularity.
                var due = start + (long)((double)j / rate * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < due)
                {
                    await Task.Delay(1, cancellationToken);
                }

                var channel = j % channels;
                BinaryPrimitives.WriteInt32LittleEndian(payload, step);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), channel);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), j / channels);
                BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(12), Stopwatch.GetTimestamp());
                sends.Add(connections[channel].SendMessageAsync(channel, (step * 1_000_000_000L) + j, payload.ToArray(), cancellationToken).AsTask());
                sentCount = j + 1;
            }

            await Task.WhenAll(sends);
            var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            // Drain: wait until every acknowledged message reached every member, or 10 s.
            long Expected()
            {
                long e = 0;
                for (var c = 0; c < channels; c++)
                {
                    e += (long)Volatile.Read(ref acked[c]) * members[c];
                }

                return e;
            }

            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < TimeSpan.FromSeconds(10) && (acked.Sum() + Interlocked.Read(ref errors) < total || Interlocked.Read(ref unique) < Expected()))
            {
                await Task.Delay(20, cancellationToken);
            }

            var cpu = target.ServerCpuSeconds() - cpu0;
            var redisCpu = redisPid is int p1 ? ProcessStats.CpuSeconds(p1) - redisCpu0 : double.NaN;
            var generatorCpu = (Process.GetCurrentProcess().TotalProcessorTime - generatorCpu0).TotalSeconds;
            var expected = Expected();
            var window = Stopwatch.GetElapsedTime(start, Math.Max(Volatile.Read(ref lastDelivery), start + 1)).TotalSeconds;
            var offeredDeliveries = (double)total * connections.Length / channels / seconds;
            var deliveriesPerS = unique / Math.Max(window, 1e-3);
            foreach (var c in connections)
            {
                c.OnDelivery = null;
                c.OnAck = null;
                c.OnError = null;
            }

            return new ScenarioResult("fanout", target.Name, $"{rate} msg/s", new Dictionary<string, double>
            {
                ["rate_msgs_per_s"] = rate,
                ["nodes"] = target.Servers.Count,
                ["connections"] = connections.Length,
                ["channels"] = channels,
                ["offered_deliveries_per_s"] = offeredDeliveries,
                ["deliveries_per_s"] = deliveriesPerS,
                ["achieved_ratio"] = deliveriesPerS / offeredDeliveries,
                ["delivered"] = unique,
                ["expected"] = expected,
                ["lost"] = expected - unique,
                ["duplicated"] = duplicated,
                ["misrouted"] = misrouted,
                ["late"] = late,
                ["send_errors"] = errors,
                ["unacknowledged"] = total - acked.Sum() - errors,
                ["p50_ms"] = latency.PercentileMs(50),
                ["p99_ms"] = latency.PercentileMs(99),
                ["max_ms"] = latency.MaxMs,
                ["server_cpu_cores"] = cpu / clock.Elapsed.TotalSeconds,
                // Server CPU (summed over the nodes) per delivery: the backplane's cost shows here even when the
                // nodes share the cores.
                ["server_cpu_us_per_delivery"] = unique == 0 ? double.NaN : cpu * 1e6 / unique,
                ["redis_cpu_cores"] = redisCpu / clock.Elapsed.TotalSeconds,
                ["generator_cpu_cores"] = generatorCpu / clock.Elapsed.TotalSeconds,
                ["server_rss_mib"] = target.ServerResidentBytes() / 1048576.0,
                ["send_seconds"] = sendSeconds,
            });
        }
    }
}
