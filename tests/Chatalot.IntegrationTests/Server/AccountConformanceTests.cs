using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Accounts and auth, run against every storage provider (see the subclasses at the bottom).</summary>
public abstract class AccountConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    [Fact]
    public async Task Register_FirstUser_BecomesInstanceOwner_LaterUsersDoNot()
    {
        Assert.Equal(InstanceRole.Owner, fixture.Owner.User.Role);
        var second = await Api.RegisterAsync();
        Assert.Equal(InstanceRole.User, second.User.Role);
        Assert.Equal(7, second.User.Id.Version);
        Assert.Equal(TimeSpan.Zero, second.User.CreatedAt.Offset);
    }

    [Fact]
    public async Task Register_TakenNameInAnyCase_IsConflict()
    {
        var name = ChatalotApi.NewName();
        await Api.RegisterAsync(name);
        await Api.ExpectProblemAsync(
            Api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(name.ToUpperInvariant(), "another password")),
            HttpStatusCode.Conflict, ErrorCodes.UsernameTaken);
    }

    [Theory]
    [InlineData("ab", "long enough password")]
    [InlineData("bad name!", "long enough password")]
    [InlineData(".dot", "long enough password")]
    [InlineData("goodname", "short")]
    public async Task Register_InvalidInput_IsValidationFailure(string username, string password)
    {
        var problem = await ChatalotApi.ProblemAsync(
            await Api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(username, password)),
            HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.NotNull(problem.Errors);
    }

    [Fact]
    public async Task Login_WrongPassword_IsUnauthorized_AndUnknownUserLooksTheSame()
    {
        var name = ChatalotApi.NewName();
        await Api.RegisterAsync(name);
        var wrong = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "wrong password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        var unknown = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(ChatalotApi.NewName(), "wrong password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        Assert.Equal(wrong.Detail, unknown.Detail);
    }

    [Fact]
    public async Task Login_TooManyFailures_LocksOut_EvenTheRightPassword()
    {
        var name = ChatalotApi.NewName();
        await Api.RegisterAsync(name);
        for (var i = 0; i < 10; i++)
        {
            (await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "wrong password"))).Dispose();
        }

        var problem = await ChatalotApi.ProblemAsync(
            await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "correct horse battery")),
            HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
        Assert.True(problem.RetryAfterSeconds > 0);
    }

    [Fact]
    public async Task Login_FortyParallelWrongPasswords_ChecksNoMoreThanTheThreshold()
    {
        var name = ChatalotApi.NewName();
        await Api.RegisterAsync(name);
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "wrong password"));
            return response.StatusCode;
        }));

        // Only a checked password answers 401; every other attempt was refused before hashing.
        Assert.InRange(answers.Count(a => a == HttpStatusCode.Unauthorized), 1, 10);
        Assert.All(answers.Where(a => a != HttpStatusCode.Unauthorized), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "correct horse battery")), HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_IsForbiddenNotSignedOut_AndLocksOutLikeLogin()
    {
        var user = await Api.RegisterAsync();
        for (var i = 0; i < 10; i++)
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("wrong one!", "brand new password"), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        }

        var locked = await ChatalotApi.ProblemAsync(
            await Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("correct horse battery", "brand new password"), user.AccessToken),
            HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
        Assert.True(locked.RetryAfterSeconds > 0);

        // The session is still good: the guesses never signed the user out.
        Assert.Equal(user.User.Id, (await Api.GetAsync<User>("/users/me", user.AccessToken)).Id);
    }

    [Fact]
    public async Task Login_OnSecondDevice_KeepsFirstSessionWorking()
    {
        var name = ChatalotApi.NewName();
        var first = await Api.RegisterAsync(name);
        var second = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery", "phone"), null);

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(first.User.Id, (await Api.GetAsync<User>("/users/me", first.AccessToken)).Id);
        var sessions = await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", second.AccessToken);
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.Current && s.Id == second.SessionId && s.DeviceName == "phone");
    }

    [Fact]
    public async Task Refresh_RotatesTokens_AndReuseRevokesTheWholeFamily()
    {
        var auth = await Api.RegisterAsync();
        var next = await Api.PostAsync<RefreshRequest, AuthResponse>("/auth/refresh", new RefreshRequest(auth.RefreshToken), null);
        Assert.NotEqual(auth.RefreshToken, next.RefreshToken);
        Assert.Equal(auth.SessionId, next.SessionId);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(auth.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.RefreshTokenReused);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(next.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", next.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
    }

    [Fact]
    public async Task Refresh_UnknownToken_IsUnauthorized()
    {
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest("nope")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRefreshToken);
    }

    [Fact]
    public async Task Logout_RevokesOnlyThatSession()
    {
        var name = ChatalotApi.NewName();
        var a = await Api.RegisterAsync(name);
        var b = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/auth/logout", a.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", a.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(a.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.GetAsync<User>("/users/me", b.AccessToken);
    }

    [Fact]
    public async Task RevokeSession_EndsTheOtherDevice()
    {
        var name = ChatalotApi.NewName();
        var a = await Api.RegisterAsync(name);
        var b = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/users/me/sessions/{b.SessionId}", a.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", b.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);

        var stranger = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/users/me/sessions/{a.SessionId}", stranger.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task ChangePassword_RevokesOtherSessions_KeepsCurrent_AndNewPasswordWorks()
    {
        var name = ChatalotApi.NewName();
        var a = await Api.RegisterAsync(name);
        var b = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("wrong one!", "brand new password"), a.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("correct horse battery", "brand new password"), a.AccessToken)).StatusCode);

        await Api.GetAsync<User>("/users/me", a.AccessToken);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", b.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "brand new password"), null);
    }

    [Fact]
    public async Task Suspend_BlocksTokensAndLogin_UntilUnsuspended()
    {
        var name = ChatalotApi.NewName();
        var user = await Api.RegisterAsync(name);
        var owner = fixture.Owner.AccessToken;

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/suspend", new SuspendUserRequest("spam"), owner)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", user.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "correct horse battery")), HttpStatusCode.Forbidden, ErrorCodes.AccountSuspended);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/unsuspend", owner)).StatusCode);
        await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);
    }

    [Fact]
    public async Task AdminRoutes_RefuseNonAdmins_AndAdminsCannotTouchOwnerOrPeers()
    {
        var user = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{fixture.Owner.User.Id}/suspend", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        var admin = await Api.RegisterAsync();
        var peer = await Api.RegisterAsync();
        foreach (var id in new[] { admin.User.Id, peer.User.Id })
        {
            var updated = await Api.ExpectAsync<User>(await Api.SendAsync(HttpMethod.Put, $"/admin/users/{id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), fixture.Owner.AccessToken));
            Assert.Equal(InstanceRole.Admin, updated.Role);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{fixture.Owner.User.Id}/suspend", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{peer.User.Id}/suspend", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"/admin/users/{user.User.Id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task BadInput_GetsProblemDetails_NeverA500()
    {
        var token = (await Api.RegisterAsync()).AccessToken;
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, "/auth/login", "{not json"), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, "/auth/login", "{\"username\":5,\"password\":\"x\"}"), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, "/auth/login", "{\"username\":\"a\"}"), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, "/auth/login", "null"), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, "/auth/login", "x=1", contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Patch, "/users/me", "{\"display_name\":\"" + new string('x', 600_000) + "\"}", token), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        using (var chunked = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/users/me"))
        {
            // No Content-Length: the limit must still hold while streaming.
            var bytes = System.Text.Encoding.UTF8.GetBytes("{\"display_name\":\"" + new string('x', 600_000) + "\"}");
            chunked.Content = new StreamContent(new MemoryStream(bytes));
            chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            chunked.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            chunked.Headers.TransferEncodingChunked = true;
            await ChatalotApi.ProblemAsync(await Api.Http.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/not-a-guid", token), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/no/such/route", token), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", "forged.token"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", token[..^2] + "AA"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task Users_AreHiddenFromStrangers()
    {
        var a = await Api.RegisterAsync();
        var b = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/users/{b.User.Id}", a.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(a.User.Id, (await Api.GetAsync<User>($"/users/{a.User.Id}", a.AccessToken)).Id);
    }

    [Fact]
    public async Task ServerInfo_IsPublic()
    {
        var info = await Api.ExpectAsync<ServerInfo>(await Api.SendAsync(HttpMethod.Get, "/server"));
        Assert.Equal(Protocol.ProtocolVersion.Current, info.ProtocolVersion);
        Assert.Equal(RegistrationMode.Open, info.RegistrationMode);
    }
}

public sealed class AccountSqliteTests(SqliteServerFixture fixture) : AccountConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class AccountPostgresTests(PostgresServerFixture fixture) : AccountConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

public class RegistrationModeTests
{
    [Fact]
    public async Task InviteOnly_FirstUserNeedsNoInvite_OthersNeedAValidOne()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { RegistrationMode = RegistrationMode.InviteOnly });
        using var api = server.CreateApi();
        var owner = await api.RegisterAsync();

        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw")), HttpStatusCode.Forbidden, ErrorCodes.RegistrationClosed);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw", InviteCode: "bogus")), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);

        var invite = await api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new CreateInviteRequest(MaxUses: 1, ExpiresInHours: 1), owner.AccessToken, HttpStatusCode.Created);
        await api.RegisterAsync(invite: invite.Code);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw", InviteCode: invite.Code)), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);
    }

    [Theory]
    [InlineData(ChatalotDatabaseProvider.Sqlite)]
    [InlineData(ChatalotDatabaseProvider.PostgreSql)]
    public async Task ConcurrentFirstRegistrations_YieldExactlyOneOwner(ChatalotDatabaseProvider provider)
    {
        await using var server = await ChatalotTestServer.StartAsync(provider);
        using var api = server.CreateApi();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            api.SendAsync(HttpMethod.Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), "long enough pw"))));
        var owners = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                owners += (await api.ExpectAsync<AuthResponse>(response, HttpStatusCode.Created)).User.Role == InstanceRole.Owner ? 1 : 0;
            }
            else
            {
                // Losers of the claim see the claimed instance: invite-only registration without an invite (or the race's 409).
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden, body);
                Assert.True(body.Contains($"\"{ErrorCodes.Conflict}\"", StringComparison.Ordinal) || body.Contains($"\"{ErrorCodes.RegistrationClosed}\"", StringComparison.Ordinal), body);
            }
        }

        Assert.Equal(1, owners);
    }

    [Fact]
    public async Task Closed_OnlyTheFirstUserMayRegister()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { RegistrationMode = RegistrationMode.Closed });
        using var api = server.CreateApi();
        await api.RegisterAsync();
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest(ChatalotApi.NewName(), "long enough pw")), HttpStatusCode.Forbidden, ErrorCodes.RegistrationClosed);
    }
}
