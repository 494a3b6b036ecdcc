using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Targets;

namespace Chatalot.LoadTest.Scenarios;

/// <summary>
/// Idle density: server resident memory per idle authenticated (and subscribed) connection. A warm-up batch first loads
/// the code paths; the baseline is the RSS after it, and each count is measured after a settle time.
/// </summary>
internal sealed class IdleDensityScenario(LoadOptions options)
{
    private const int WarmUp = 100;

    public async Task<List<ScenarioResult>> RunAsync(ILoadTarget target, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        await target.PrepareAsync(options.Channels, cancellationToken);
        var open = new List<LoadConnection>();
        try
        {
            var (warm, _, _) = await Connector.OpenAsync(target, 0, WarmUp, options.Channels, subscribe: true, options.ConnectConcurrency, cancellationToken);
            await Connector.CloseAsync(warm);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var baseline = target.ServerResidentBytes();
            foreach (var count in options.IdleCounts.Order())
            {
                var (batch, elapsed, connectLatency) = await Connector.OpenAsync(target, open.Count, count - open.Count, options.Channels, subscribe: true, options.ConnectConcurrency, cancellationToken);
                open.AddRange(batch);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

                // One heartbeat round, as live clients send periodically: it acknowledges the events received so far
                // (presence snapshot), so the server holds what it holds for a settled idle connection.
                await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, (c, ct) => c.HeartbeatAsync(ct));
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

                // Server CPU while every connection is idle: per-connection timers show up here.
                var cpu0 = target.ServerCpuSeconds();
                await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
                var idleCpu = (target.ServerCpuSeconds() - cpu0) / 4;
                var rss = target.ServerResidentBytes();
                var alive = open.Count(c => !c.Closed);
                var perConnection = (rss - baseline) / (double)count;
                Console.Error.WriteLine($"  {target.Name} idle {count}: {perConnection / 1024:F1} KiB per connection ({alive} alive)");
                results.Add(new ScenarioResult("idle", target.Name, $"{count} conns", new Dictionary<string, double>
                {
                    ["connections"] = count,
                    ["alive"] = alive,
                    ["baseline_rss_mib"] = baseline / 1048576.0,
                    ["rss_mib"] = rss / 1048576.0,
                    ["kib_per_connection"] = perConnection / 1024,
                    ["batch_connect_seconds"] = elapsed.TotalSeconds,
                    ["idle_server_cpu_cores"] = idleCpu,
                }));
            }

            if (options.HoldSeconds > 0)
            {
                Console.Error.WriteLine($"  {target.Name}: holding {open.Count} connections for {options.HoldSeconds} s (server pid {string.Join(", ", target.Servers.Select(s => s.Pid))})");
                await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds), cancellationToken);
            }
        }
        finally
        {
            await Connector.CloseAsync(open);
        }

        return results;
    }
}
