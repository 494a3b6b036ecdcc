using System.Net;
using Chatalot.Client;
using Chatalot.Client.Rest;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Client;

/// <summary>The client SDK's REST client against the real server on loopback.</summary>
public sealed class RestClientTests : IAsyncLifetime
{
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ChatalotRestClient NewClient(TimeProvider? time = null) =>
        ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = _server.BaseAddress }, time);

    private static string NewName() => "u" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task RegisterThenLogin_TypedResults_AndCurrentUserTracked()
    {
        var name = NewName();
        using (var first = NewClient())
        {
            var registered = await first.RegisterAsync(ChatalotApi.Registration(name, "a long enough password"), CancellationToken.None);
            Assert.Equal(name, registered.User.Username);
            Assert.Equal(registered.User.Id, (await first.GetMeAsync(CancellationToken.None)).Id);
        }

        using var second = NewClient();
        Assert.False(second.IsSignedIn);
        await second.LoginAsync(new LoginRequest(name, "a long enough password"), CancellationToken.None);
        Assert.Equal(name, second.CurrentUser!.Username);
        var sessions = await second.GetSessionsAsync(CancellationToken.None);
        Assert.Equal(2, sessions.Count);
    }

    [Fact]
    public async Task Login_WrongPassword_ThrowsApiExceptionWithServerCode()
    {
        using var client = NewClient();
        var error = await Assert.ThrowsAsync<ChatalotApiException>(() =>
            client.LoginAsync(new LoginRequest(NewName(), "not the password"), CancellationToken.None));
        Assert.Equal(ErrorCodes.InvalidCredentials, error.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("not the password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidName_CarriesValidationErrors()
    {
        using var client = NewClient();
        var error = await Assert.ThrowsAsync<ChatalotApiException>(() =>
            client.RegisterAsync(new RegisterRequest("x!", "a long enough password"), CancellationToken.None));
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.NotEmpty(error.ValidationErrors);
    }

    [Fact]
    public async Task AccessTokenNearExpiry_IsRefreshedTransparently_OnceForConcurrentCalls()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = NewClient(time);
        var registered = await client.RegisterAsync(ChatalotApi.Registration(NewName(), "a long enough password"), CancellationToken.None);

        // Past the access token's lifetime on the client's clock: the next calls must refresh first, and only once
        // (a second use of the same refresh token would make the server revoke the session).
        time.SetUtcNow(registered.AccessTokenExpiresAt);
        var calls = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetMeAsync(CancellationToken.None)));

        Assert.All(calls, me => Assert.Equal(registered.User.Id, me.Id));
        Assert.Equal(registered.SessionId, client.SessionId);
        var sessions = await client.GetSessionsAsync(CancellationToken.None);
        Assert.Single(sessions);
    }

    [Fact]
    public async Task Logout_EndsSession_SoCallsFailUnauthenticated()
    {
        using var client = NewClient();
        await client.RegisterAsync(ChatalotApi.Registration(NewName(), "a long enough password"), CancellationToken.None);
        await client.LogoutAsync(CancellationToken.None);
        Assert.False(client.IsSignedIn);
        var error = await Assert.ThrowsAsync<ChatalotClientException>(() => client.GetMeAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.Unauthenticated, error.Code);
    }

    [Fact]
    public async Task ServerInfoAndDevices_AreTyped()
    {
        using var client = NewClient();
        var info = await client.GetServerInfoAsync(CancellationToken.None);
        Assert.Equal(RegistrationMode.Open, info.RegistrationMode);
        var me = await client.RegisterAsync(ChatalotApi.Registration(NewName(), "a long enough password"), CancellationToken.None);
        Assert.Empty(await client.GetDevicesAsync(new UserId(me.User.Id), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ChatalotApiException>(() => client.GetUserAsync(new UserId(Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }
}
