using Chatalot.IntegrationTests.Infrastructure;

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
            await using var bot = SampleProcess.Start(
                "Chatalot.Samples.Bot",
                directory.FullName,
                arguments:
                [
                    $"--Chatalot:ServerUrl=http://127.0.0.1:{SampleProcess.FreePort()}/",
                    "--Chatalot:Password=a long enough password",
                    "--Chatalot:StorePassphrase=a long enough store passphrase",
                    $"--Chatalot:StorePath={Path.Combine(directory.FullName, "bot.store")}",
                    "--Bot:StartupRetry:MaxRetries=2",
                    "--Bot:StartupRetry:InitialDelay=00:00:00.1",
                ]);

            Assert.Equal(69, await bot.WaitForExitAsync(TimeSpan.FromMinutes(2)));
            // The configured retries ran first (bound from the "Bot" section), then the host gave up.
            Assert.Contains("retry 1 of 2", bot.Output, StringComparison.Ordinal);
            Assert.Contains("retry 2 of 2", bot.Output, StringComparison.Ordinal);
            Assert.Contains("could not connect; it is not running", bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
