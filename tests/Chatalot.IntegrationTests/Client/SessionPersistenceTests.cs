using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.Client.Rest;
using Chatalot.Client.Storage;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// <see cref="ChatalotClientOptions.PersistSession"/>: the refresh token kept in the (real, encrypted SQLite) device
/// store resumes a two-factor account without password or code, follows every rotation, and is forgotten when the
/// server rejects it or the client signs out. Real server on SQLite and a shared fake clock.
/// </summary>
public sealed class SessionPersistenceTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatalot-session-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _storeKey = RandomNumberGenerator.GetBytes(StoreKey.KeySize);
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TwoFactorAccount_ResumesFromTheStore_ThroughRotations_UntilRevoked()
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..10];
        using var admin = ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = _server.BaseAddress }, _time);
        await admin.RegisterAsync(ChatalotApi.Registration(name, Password));
        var setup = await admin.SetupTwoFactorAsync(Password);
        await admin.EnableTwoFactorAsync(Code(setup.Secret));
        _time.Advance(TimeSpan.FromSeconds(30));

        // The first run signs in with password and code, once.
        Guid session;
        DeviceId device;
        await using (var store = await OpenStoreAsync("a"))
        {
            await using var first = NewClient(store);
            await first.Rest.LoginAsync(new LoginRequest(name, Password, "persisting"), _ => ValueTask.FromResult(Code(setup.Secret)));
            await first.ConnectAsync();
            session = first.Rest.SessionId!.Value;
            device = first.CurrentDeviceId!.Value;
        }

        // Each later run resumes: same session, same device, no credentials configured. The access token expires
        // between runs, so each run refreshes (rotating the token) and the next run must find the rotated one.
        for (var run = 0; run < 3; run++)
        {
            _time.Advance(TimeSpan.FromMinutes(20));
            await using var store = await OpenStoreAsync("a");
            await using var client = NewClient(store);
            Assert.True(await client.ResumeSessionAsync());
            Assert.Equal(session, client.Rest.SessionId);
            await client.ConnectAsync();
            Assert.Equal(device, client.CurrentDeviceId);
            _time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(name, (await client.Rest.GetMeAsync()).Username);
        }

        // Revoked elsewhere: the stored token is refused and forgotten, and a client without credentials cannot connect.
        await admin.RevokeSessionAsync(session);
        await using (var store = await OpenStoreAsync("a"))
        {
            await using var client = NewClient(store);
            Assert.False(await client.ResumeSessionAsync());
            Assert.Null(await store.GetAsync("session", "refresh_token"));
            Assert.Equal(ErrorCodes.Unauthenticated, (await Assert.ThrowsAsync<ChatalotClientException>(() => client.ConnectAsync())).Code);
        }
    }

    [Fact]
    public async Task ConnectAsync_ResumesFirst_AndLoggingOutForgetsTheToken()
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..10];
        await using var store = await OpenStoreAsync("b");
        await using (var first = NewClient(store))
        {
            await first.Rest.RegisterAsync(ChatalotApi.Registration(name, Password));
            Assert.NotNull(await store.GetAsync("session", "refresh_token"));
        }

        await using (var second = NewClient(store))
        {
            await second.ConnectAsync();
            Assert.Equal(name, second.Rest.CurrentUser!.Username);
            await second.Rest.LogoutAsync();
        }

        Assert.Null(await store.GetAsync("session", "refresh_token"));
        await using var third = NewClient(store);
        Assert.False(await third.ResumeSessionAsync());
    }

    [Fact]
    public void PersistSession_WithoutADeviceStore_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new ChatalotClientOptions { ServerUrl = _server.BaseAddress, PersistSession = true }.Validate());

    private ChatalotClient NewClient(IDeviceStore store) =>
        new(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, DeviceStore = store, PersistSession = true }, timeProvider: _time);

    private async Task<EncryptedSqliteStore> OpenStoreAsync(string name)
    {
        using var key = StoreKey.FromBytes(_storeKey);
        return await EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = Path.Combine(_directory, name + ".db") }, key);
    }

    private string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(_time.GetUtcNow().UtcDateTime);
}
