using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// A bot that cannot start exits non-zero, so a supervisor's "restart on failure" (systemd <c>Restart=on-failure</c>,
/// Docker <c>on-failure</c>) restarts it. Run as a real process: the exit code is the process's.
/// </summary>
public sealed class SampleBotExitCodeTests
{
    [Fact]
    public async Task SampleBot_WithTheServerDown_ExitsNonZero()
    {
        var directory = Directory.CreateTempSubdirectory("chatalot-bot-exit-");
        try
        {
            var start = new ProcessStartInfo("dotnet",
            [
                SampleBotDll(),
                $"--Chatalot:ServerUrl=http://127.0.0.1:{ClosedPort()}/",
                "--Chatalot:Password=a long enough password",
                "--Chatalot:StorePassphrase=a long enough store passphrase",
                $"--Chatalot:StorePath={Path.Combine(directory.FullName, "bot.store")}",
                "--Bot:StartupRetry:MaxRetries=2",
                "--Bot:StartupRetry:InitialDelay=00:00:00.1",
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.FullName,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }


            Assert.Equal(69, process.ExitCode);
            // The configured retries ran first (bound from the "Bot" section), then the host gave up.
            var log = await output + await errors;
            Assert.Contains("retry 1 of 2", log, StringComparison.Ordinal);
            Assert.Contains("retry 2 of 2", log, StringComparison.Ordinal);
            Assert.Contains("could not connect; it is not running", log, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The sample's own build output (the copy beside the tests lacks the sample's dependency manifest).</summary>
    private static string SampleBotDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatalot.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(dir!.FullName, "samples", "Chatalot.Samples.Bot", "bin", configuration, "net10.0", "Chatalot.Samples.Bot.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the sample bot first: {dll} is missing.");
    }

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
