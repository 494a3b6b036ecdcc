namespace Chatalot.LoadTest.Tests;

/// <summary>
/// Keeps the load tool's multi-node mode from rotting: a tiny fan-out (20 connections, one 2-second step) on two nodes
/// sharing the test PostgreSQL and Redis, with connections spread over both nodes so deliveries cross the backplane.
/// </summary>
public sealed class LoadToolClusterSmokeTests
{
    [ClusterServicesFact]
    public async Task TinyFanOut_OnTwoNodes_DeliversEveryMessageOnce()
    {
        var run = await BenchmarkToolRun.RunAsync("Chatalot.LoadTest",
        [
            "--scenarios", "fanout", "--targets", "chatalot", "--nodes", "2", "--connections", "20", "--channels", "2",
            "--users", "3", "--rates", "10", "--step-seconds", "2", "--max-minutes", "2",
        ], TimeSpan.FromMinutes(3));
        using var json = run.Results;
        var log = run.Log;
        var fanout = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("Scenario").GetString() == "fanout");
        Assert.Equal("chatalot-pg-2n", fanout.GetProperty("Target").GetString());
        var metrics = fanout.GetProperty("Metrics");
        Assert.Equal(2, metrics.GetProperty("nodes").GetDouble());
        Assert.True(metrics.GetProperty("delivered").GetDouble() > 0, log);
        Assert.Equal(metrics.GetProperty("expected").GetDouble(), metrics.GetProperty("delivered").GetDouble());
        Assert.Equal(0, metrics.GetProperty("lost").GetDouble());
        Assert.Equal(0, metrics.GetProperty("duplicated").GetDouble());
        Assert.Equal(0, metrics.GetProperty("misrouted").GetDouble());
        Assert.Equal(0, metrics.GetProperty("send_errors").GetDouble());
        Assert.Equal(0, metrics.GetProperty("unacknowledged").GetDouble());
    }
}
