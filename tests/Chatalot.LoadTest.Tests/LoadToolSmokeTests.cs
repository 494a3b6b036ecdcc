using System.Diagnostics;
using System.Text.Json;

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
        var output = Path.Combine(Path.GetTempPath(), $"chatalot-load-smoke-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            ToolDll(), "--connections", "20", "--channels", "2", "--users", "3", "--rates", "10", "--step-seconds", "2",
            "--idle", "20", "--storm", "20", "--senders", "4", "--durable-seconds", "2", "--no-postgres", "--max-minutes", "3", "--out", output,
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The tool and the servers it started would outlive the test run.
            process.Kill(entireProcessTree: true);
            Assert.Fail("The load tool did not finish within 4 minutes: " + await stdout + await stderr);
        }

        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, log);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
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

    internal static string ToolDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "benchmarks", "Chatalot.LoadTest", "bin", configuration, "net10.0", "Chatalot.LoadTest.dll");
            }
        }

        throw new InvalidOperationException("The test must run from its build output inside the repository.");
    }
}
