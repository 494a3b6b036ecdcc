using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A uniquely named PostgreSQL database for one test fixture, dropped on dispose. The server comes from
/// CHATALOT_TEST_POSTGRES (set by eng/test.sh), or else eng/test-services.sh is run to start one, so a plain
/// `dotnet test` works too.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static string? _adminConnectionString;
    private readonly string _admin;

    private PostgresDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = await AdminConnectionStringAsync();
        var name = "chatalot_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> AdminConnectionStringAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_adminConnectionString is not null)
            {
                return _adminConnectionString;
            }

            var fromEnv = Environment.GetEnvironmentVariable("CHATALOT_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(fromEnv))
            {
                fromEnv = await RunTestServicesAsync();
            }

            return _adminConnectionString = fromEnv;
        }
        finally
        {
            StartLock.Release();
        }
    }

    private static async Task<string> RunTestServicesAsync()
    {
        var script = Path.Combine(RepoRoot(), "eng", "test-services.sh");
        var psi = new ProcessStartInfo("bash", [script, "postgres"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not run eng/test-services.sh.");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = ExportLine().Match(stdout);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"eng/test-services.sh postgres failed ({process.ExitCode}): {stderr}");
        }

        return match.Groups[1].Value;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex("export CHATALOT_TEST_POSTGRES='([^']*)'")]
    private static partial Regex ExportLine();
}
