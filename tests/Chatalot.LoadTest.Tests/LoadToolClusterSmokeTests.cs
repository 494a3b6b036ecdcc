using System.Diagnostics;
using System.Text.Json;

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
        var output = Path.Combine(Path.GetTempPath(), $"chatalot-load-cluster-smoke-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            LoadToolSmokeTests.ToolDll(), "--scenarios", "fanout", "--targets", "chatalot", "--nodes", "2", "--connections", "20", "--channels", "2",
            "--users", "3", "--rates", "10", "--step-seconds", "2", "--max-minutes", "2", "--out", output,
        })
        {
            psi.ArgumentList.Add(a);
        }

        // The tool reads CHATALOT_TEST_POSTGRES and CHATALOT_TEST_REDIS from the inherited environment.
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The tool and the nodes it started would outlive the test run.
            process.Kill(entireProcessTree: true);
            Assert.Fail("The load tool did not finish within 3 minutes: " + await stdout + await stderr);
        }

        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, log);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
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
