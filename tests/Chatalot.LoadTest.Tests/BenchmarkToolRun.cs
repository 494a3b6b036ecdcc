using System.Diagnostics;
using System.Text.Json;

namespace Chatalot.LoadTest.Tests;

/// <summary>
/// Runs one of the repository's benchmark tools (built beside the tests, same configuration) as `dotnet tool.dll args
/// --out file`, and hands back the JSON it wrote and everything it printed. A tool that overruns is killed with the
/// servers it started, and the test fails with its output.
/// </summary>
internal static class BenchmarkToolRun
{
    public static async Task<(JsonDocument Results, string Log)> RunAsync(string project, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var output = Path.Combine(Path.GetTempPath(), $"{project.ToLowerInvariant()}-smoke-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[ToolDll(project), .. arguments, "--out", output])
        {
            psi.ArgumentList.Add(argument);
        }

        // The tools read CHATALOT_TEST_POSTGRES and CHATALOT_TEST_REDIS from the inherited environment.
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The tool and the servers it started would outlive the test run.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{project} did not finish within {timeout}: " + await stdout + await stderr);
        }

        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, log);
        try
        {
            return (JsonDocument.Parse(await File.ReadAllTextAsync(output)), log);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string ToolDll(string project)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "benchmarks", project, "bin", configuration, "net10.0", project + ".dll");
            }
        }

        throw new InvalidOperationException("The test must run from its build output inside the repository.");
    }
}
