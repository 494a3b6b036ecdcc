using Chatalot.BrowserTests.Infrastructure;

namespace Chatalot.BrowserTests.Calls;

/// <summary>
/// The sample server the call tests share: a short disconnect grace (a killed browser leaves the call within seconds),
/// verbose logs (so the no-signalling-in-logs check reads everything the server would log) and, when
/// <c>CHATALOT_TEST_TURN_URL</c> and <c>CHATALOT_TEST_TURN_SECRET</c> are set (eng/test-services.sh coturn), the TURN
/// relay the tests' "Always relay calls" goes through.
/// </summary>
public sealed class CallServerFixture : IAsyncLifetime
{
    public static string? TurnUrl => Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_URL") is { Length: > 0 } url ? url : null;

    public static string? TurnSecret => Environment.GetEnvironmentVariable("CHATALOT_TEST_TURN_SECRET") is { Length: > 0 } secret ? secret : null;

    public SampleServerProcess Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Chatalot__Voice__DisconnectGrace"] = "00:00:03",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Chatalot"] = "Debug",
        };
        if (TurnUrl is { } url && TurnSecret is { } secret)
        {
            environment["Chatalot__Voice__TurnUrls__0"] = url;
            environment["Chatalot__Voice__TurnSecret"] = secret;
        }

        Server = await SampleServerProcess.StartAsync(environment: environment);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
