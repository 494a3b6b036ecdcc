using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The data directory and everything the server writes there is owner-only (0700 / 0600).</summary>
public class DataDirectoryPermissionTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task FreshServer_DirectoryDatabaseWalShmAndKey_AreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes
        }

        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var api = server.CreateApi();
        await api.RegisterAsync(); // a write, so the WAL and shared-memory files exist

        AssertOwnerOnly(server.DataDirectory, ["chatalot.db", "chatalot.db-wal", "chatalot.db-shm", "token-signing.key"]);
    }

    [Fact]
    public async Task Restart_TightensFilesAnOlderVersionLeftReadable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes
        }

        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        await server.StopAsync();
        var loose = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(server.DataDirectory, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(server.DataDirectory))
        {
            File.SetUnixFileMode(file, loose);
        }

        await server.StartAgainAsync();
        using var api = server.CreateApi();
        await api.RegisterAsync();

        AssertOwnerOnly(server.DataDirectory, ["chatalot.db", "token-signing.key"]);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string directory, string[] expectedFiles)
    {
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(directory));
        var files = Directory.EnumerateFiles(directory).ToList();
        Assert.Superset(expectedFiles.ToHashSet(), files.Select(Path.GetFileName).ToHashSet()!);
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerOnlyFile, $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
    }
}
