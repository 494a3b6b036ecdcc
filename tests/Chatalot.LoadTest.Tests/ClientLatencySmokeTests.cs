using System.Diagnostics;
using System.Text.Json;

namespace Chatalot.LoadTest.Tests;

/// <summary>
/// Keeps the client latency tool from rotting: a tiny run of both scenarios with both stores (4 clients, 2 new channels,
/// a few steady and pipelined sends). Real runs stay out of the test suite; see docs/benchmarks.md.
/// </summary>
public sealed class ClientLatencySmokeTests
{
    [Fact]
    public async Task TinyRun_BothScenariosAndStores_DeliversEveryMessage()
    {
        var output = Path.Combine(Path.GetTempPath(), $"chatalot-client-latency-smoke-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { ToolDll(), "--clients", "4", "--channels", "2", "--steady", "3", "--pipelined", "5", "--pause-ms", "0", "--max-minutes", "3", "--out", output })
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
            // The tool and the server it started would outlive the test run.
            process.Kill(entireProcessTree: true);
            Assert.Fail("The client latency tool did not finish within 4 minutes: " + await stdout + await stderr);
        }

        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, log);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
        Assert.Equal(0, json.RootElement.GetProperty("Undecryptable").GetInt32());
        var samples = json.RootElement.GetProperty("Samples");
        foreach (var store in new[] { "sqlite", "memory" })
        {
            Assert.Equal(2, samples.GetProperty($"client-first/{store}/last-of-3").GetArrayLength());
            Assert.Equal(3, samples.GetProperty($"client-steady/{store}/sequential/last-of-3").GetArrayLength());
            Assert.Equal(5, samples.GetProperty($"client-steady/{store}/pipelined/last-of-3").GetArrayLength());
            Assert.False(samples.TryGetProperty($"client-first/{store}/missing", out _), log);
        }
    }

    private static string ToolDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "benchmarks", "Chatalot.ClientLatency", "bin", configuration, "net10.0", "Chatalot.ClientLatency.dll");
            }
        }

        throw new InvalidOperationException("The test must run from its build output inside the repository.");
    }
}
