using Chatalot.Client;
using Chatalot.Client.Rest;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Chatalot.IntegrationTests.Client;

/// <summary>The SDK's account-security calls and its two-factor login, against the real server on a shared fake clock.</summary>
public sealed class SecurityClientTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TwoFactorLogin_WithCallback_OrByHand_AndEveryRestCall()
    {
        // Someone else claims the server first: the instance owner's account cannot be deleted, and this one is, at the end.
        using (var claim = _server.CreateApi())
        {
            await claim.RegisterAsync();
        }

        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        using var first = NewClient();
        var registered = await first.RegisterAsync(ChatalotApi.Registration(name, Password));
        Assert.NotNull(registered.RecoveryCode);
        var setup = await first.SetupTwoFactorAsync(Password);
        var backup = await first.EnableTwoFactorAsync(Code(setup.Secret));
        Assert.Equal(new AccountSecurity(true, 10, true), await first.GetAccountSecurityAsync());

        // No callback: the typed failure carries the challenge, and finishing by hand signs in.
        using var second = NewClient();
        var required = await Assert.ThrowsAsync<ChatalotApiException>(() => second.LoginAsync(new LoginRequest(name, Password)));
        Assert.Equal(ErrorCodes.TwoFactorRequired, required.Code);
        Assert.NotNull(required.TwoFactorChallenge);
        Assert.DoesNotContain(required.TwoFactorChallenge, required.ToString(), StringComparison.Ordinal);
        await second.CompleteTwoFactorLoginAsync(new TwoFactorLoginRequest(required.TwoFactorChallenge, BackupCode: backup.Codes[0]));
        Assert.Equal(registered.User.Id, (await second.GetMeAsync()).Id);

        // With a callback, asked once.
        _time.Advance(TimeSpan.FromSeconds(30));
        using var third = NewClient();
        var asked = 0;
        await third.LoginAsync(new LoginRequest(name, Password, "third"), _ => { asked++; return ValueTask.FromResult(Code(setup.Secret)); });
        Assert.Equal(1, asked);
        Assert.Equal(3, (await third.GetSessionsAsync()).Count);

        var codes = await first.RegenerateBackupCodesAsync(backup.Codes[1]);
        var recovery = await first.RegenerateRecoveryCodeAsync(Password);
        await first.RevokeOtherSessionsAsync();
        Assert.Equal(ErrorCodes.SessionRevoked, (await Assert.ThrowsAsync<ChatalotApiException>(() => third.GetMeAsync())).Code);
        await first.DisableTwoFactorAsync(Password, codes.Codes[0]);
        var next = await NewClient().RecoverAccountAsync(new RecoverAccountRequest(name, recovery.Code, "another long password"));
        Assert.NotEqual(recovery.Code, next.Code);

        using var fourth = NewClient();
        await fourth.LoginAsync(new LoginRequest(name, "another long password"), twoFactorCode: null);
        await fourth.DeleteAccountAsync("another long password");
        Assert.False(fourth.IsSignedIn);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await Assert.ThrowsAsync<ChatalotApiException>(() => NewClient().LoginAsync(new LoginRequest(name, "another long password")))).Code);
    }

    [Fact]
    public async Task ChatalotClient_SignsInWithTheTwoFactorCodeProvider()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        using var rest = NewClient();
        await rest.RegisterAsync(ChatalotApi.Registration(name, Password));
        var setup = await rest.SetupTwoFactorAsync(Password);
        await rest.EnableTwoFactorAsync(Code(setup.Secret));
        _time.Advance(TimeSpan.FromSeconds(30));

        await using var client = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = _server.BaseAddress,
            Username = name,
            Password = Password,
            TwoFactorCodeProvider = _ => ValueTask.FromResult(Code(setup.Secret)),
        }, timeProvider: _time);
        await client.ConnectAsync();
        Assert.Equal(name, client.Rest.CurrentUser!.Username);
    }

    private ChatalotRestClient NewClient() => ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = _server.BaseAddress }, _time);

    private string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(_time.GetUtcNow().UtcDateTime);
}
