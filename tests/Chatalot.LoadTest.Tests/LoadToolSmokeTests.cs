namespace Chatalot.LoadTest.Tests;

/// <summary>
/// Keeps the load tool from rotting: a tiny run of every scenario against both servers (20 connections, 2-second steps).
/// Real load runs stay out of the test suite; see docs/benchmarks.md.
/// </summary>
public sealed class LoadToolSmokeTests
{
    [Fact]
    public async Task TinyRun_EveryScenarioOnBothServers_CompletesWithoutLostOrDuplicatedDeliveries()
    {
        var run = await BenchmarkToolRun.RunAsync("Chatalot.LoadTest",
        [
            "--connections", "20", "--channels", "2", "--users", "3", "--rates", "10", "--step-seconds", "2",
            "--idle", "20", "--storm", "20", "--senders", "4", "--durable-seconds", "2", "--no-postgres", "--max-minutes", "3",
        ], TimeSpan.FromMinutes(4));
        using var json = run.Results;
        var log = run.Log;
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        foreach (var scenario in new[] { "fanout", "idle", "storm", "durable" })
        {
            Assert.Contains(results, r => r.GetProperty("Scenario").GetString() == scenario);
        }

        foreach (var fanout in results.Where(r => r.GetProperty("Scenario").GetString() == "fanout"))
        {
            var metrics = fanout.GetProperty("Metrics");
            Assert.Equal(0, metrics.GetProperty("lost").GetDouble());
            Assert.Equal(0, metrics.GetProperty("duplicated").GetDouble());
            Assert.True(metrics.GetProperty("delivered").GetDouble() > 0, log);
        }

        var durable = results.Single(r => r.GetProperty("Scenario").GetString() == "durable").GetProperty("Metrics");
        Assert.True(durable.GetProperty("acknowledged").GetDouble() > 0, log);
        Assert.Equal(0, durable.GetProperty("errors").GetDouble());
    }
}
