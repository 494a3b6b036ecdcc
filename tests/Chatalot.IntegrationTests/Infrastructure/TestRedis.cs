using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// The shared test Redis: CHATALOT_TEST_REDIS (set by eng/test.sh), or else eng/test-services.sh is run to start one,
/// so a plain `dotnet test` works too. Tests isolate themselves with a unique key prefix.
/// </summary>
public static partial class TestRedis
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static string? _configuration;

    /// <summary>The StackExchange.Redis configuration string (host:port).</summary>
    public static async Task<string> ConfigurationAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_configuration is not null)
            {
                return _configuration;
            }

            var fromEnv = Environment.GetEnvironmentVariable("CHATALOT_TEST_REDIS");
            return _configuration = string.IsNullOrWhiteSpace(fromEnv) ? await RunTestServicesAsync() : fromEnv;
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => "test-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> RunTestServicesAsync()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        var script = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."), "eng", "test-services.sh");
        var psi = new ProcessStartInfo("bash", [script, "redis"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not run eng/test-services.sh.");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = ExportLine().Match(stdout);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"eng/test-services.sh redis failed ({process.ExitCode}): {stderr}");
        }

        return match.Groups[1].Value;
    }

    [GeneratedRegex("export CHATALOT_TEST_REDIS='([^']*)'")]
    private static partial Regex ExportLine();
}
