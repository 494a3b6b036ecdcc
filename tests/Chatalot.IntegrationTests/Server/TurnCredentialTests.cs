using System.Diagnostics;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>A test that needs the coturn of <c>eng/test-services.sh coturn</c>; skipped, saying so, without it.</summary>
public sealed class CoturnFactAttribute : FactAttribute
{
    public CoturnFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_URL")) ||
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_SECRET")))
        {
            Skip = "No TURN server: run `eval \"$(eng/test-services.sh coturn)\"` (eng/test.sh does) to set CHATALOT_TEST_TURN_URL and CHATALOT_TEST_TURN_SECRET.";
        }
    }
}

/// <summary>
/// The credentials of <c>GET /voice/ice-servers</c> against a real coturn configured with the same secret (calls.md §4):
/// it allocates with them, and refuses a tampered or expired pair. coturn's own client (<c>turnutils_uclient</c>) does
/// the TURN exchange.
/// </summary>
public sealed class TurnCredentialTests
{
    private static string TurnUrl => Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_URL")!;

    private static string Secret => Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_SECRET")!;

    [CoturnFact]
    public async Task Coturn_AcceptsMintedCredentials_AndRefusesTamperedAndExpiredOnes()
    {
        // The server's clock starts two hours back: what it mints then expired an hour ago by coturn's (real) clock.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2));
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with
        {
            Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(24) },
            Voice = o.Voice with { StunUrls = ["stun:127.0.0.1:1"], TurnUrls = [TurnUrl], TurnSecret = Secret },
        }, time: time);
        using var api = server.CreateApi();
        var user = await api.RegisterAsync();

        var expired = Assert.Single((await api.GetAsync<IceServerConfig>("/voice/ice-servers", user.AccessToken)).IceServers, s => s.Username is not null);
        time.Advance(TimeSpan.FromHours(2));
        user = await api.RegisterAsync();
        var config = await api.GetAsync<IceServerConfig>("/voice/ice-servers", user.AccessToken);
        Assert.Equal(["stun:127.0.0.1:1"], config.IceServers[0].Urls);
        var turn = config.IceServers[1];
        Assert.Equal([TurnUrl], turn.Urls);
        var username = Assert.IsType<string>(turn.Username);
        Assert.Equal($"{config.ExpiresAt.ToUnixTimeSeconds()}:{user.User.Id:D}", username);

        Assert.Equal(0, await AllocateAsync(username, turn.Credential!));
        Assert.NotEqual(0, await AllocateAsync(username, (turn.Credential![0] == 'A' ? "B" : "A") + turn.Credential[1..]));
        Assert.NotEqual(0, await AllocateAsync(expired.Username!, expired.Credential!));
    }

    /// <summary>Allocates a relay and sends a few packets through it to a loopback peer; coturn's client exits 0 only if that worked.</summary>
    private static async Task<int> AllocateAsync(string username, string credential)
    {
        var address = new Uri(TurnUrl.Replace("turn:", "turn://", StringComparison.Ordinal));
        var psi = new ProcessStartInfo("turnutils_uclient", ["-u", username, "-w", credential, "-y", "-n", "1", "-m", "1", "-l", "64", "-p", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), address.Host])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("turnutils_uclient did not start.");
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await drain;
        return process.ExitCode;
    }
}
