using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Targets;

namespace Chatalot.LoadTest.Scenarios;

/// <summary>Connect storm: time for N clients to connect and authenticate (Chatalot) or hand-shake (SignalR) at once.</summary>
internal sealed class ConnectStormScenario(LoadOptions options)
{
    public async Task<List<ScenarioResult>> RunAsync(ILoadTarget target, CancellationToken cancellationToken)
    {
        await target.PrepareAsync(options.Channels, cancellationToken);
        var cpu0 = target.ServerCpuSeconds();
        var (connections, elapsed, latency) = await Connector.OpenAsync(target, 0, options.StormConnections, options.Channels, subscribe: false, options.ConnectConcurrency, cancellationToken);
        var cpu = target.ServerCpuSeconds() - cpu0;
        await Connector.CloseAsync(connections);
        Console.Error.WriteLine($"  {target.Name} storm {options.StormConnections}: {elapsed.TotalSeconds:F2} s");
        return
        [
            new ScenarioResult("storm", target.Name, $"{options.StormConnections} conns", new Dictionary<string, double>
            {
                ["connections"] = options.StormConnections,
                ["concurrency"] = options.ConnectConcurrency,
                ["seconds"] = elapsed.TotalSeconds,
                ["connects_per_s"] = options.StormConnections / elapsed.TotalSeconds,
                ["p50_ms"] = latency.PercentileMs(50),
                ["p99_ms"] = latency.PercentileMs(99),
                ["max_ms"] = latency.MaxMs,
                ["server_cpu_seconds"] = cpu,
            }),
        ];
    }
}
