using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Chatalot.IntegrationTests.Server;

/// <summary>A server on a <see cref="FakeTimeProvider"/>, so TOTP steps and lockout windows move only when a test says.</summary>
public abstract class SecurityServerFixture(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public ChatalotTestServer Server { get; private set; } = null!;

    public ChatalotApi Api { get; private set; } = null!;

    public AuthResponse Owner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Heartbeat deadlines run on the same clock: long enough that moving it does not time connections out.
        Server = await ChatalotTestServer.StartAsync(provider, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromHours(1) } }, time: Time);
        Api = Server.CreateApi();
        Owner = await Api.RegisterAsync("owner_" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class SecuritySqliteFixture() : SecurityServerFixture(ChatalotDatabaseProvider.Sqlite);

public sealed class SecurityPostgresFixture() : SecurityServerFixture(ChatalotDatabaseProvider.PostgreSql);

/// <summary>
/// Account security (rest.md §Account security): TOTP two-factor sign-in, backup codes, recovery, sessions, account
/// deletion and the lockouts around them, against every storage provider.
/// </summary>
public abstract class AccountSecurityConformanceTests(SecurityServerFixture fixture)
{
    private const string Password = "correct horse battery";

    private ChatalotApi Api => fixture.Api;

    private FakeTimeProvider Time => fixture.Time;

    [Fact]
    public async Task TwoFactor_SetupEnableAndLogin_WithTotp_EachCodeWorksOnce()
    {
        var (name, user) = await NewUserAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/setup", new TwoFactorSetupRequest("wrong password"), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/enable", new TwoFactorCodeRequest("123456"), user.AccessToken), HttpStatusCode.Conflict, ErrorCodes.TwoFactorState);

        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        Assert.Equal(32, setup.Secret.Length);
        Assert.StartsWith("otpauth://totp/Chatalot:" + name + "?secret=" + setup.Secret, setup.OtpauthUri, StringComparison.Ordinal);
        Assert.Contains("issuer=Chatalot", setup.OtpauthUri, StringComparison.Ordinal);
        Assert.DoesNotContain(setup.Secret, setup.ToString(), StringComparison.Ordinal);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/enable", new TwoFactorCodeRequest(WrongCode(setup.Secret)), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode);
        var confirming = Code(setup.Secret);
        var backup = await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(confirming), user.AccessToken);
        Assert.Equal(10, backup.Codes.Distinct().Count());
        Assert.All(backup.Codes, c => Assert.Matches("^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$", c));
        Assert.Equal(new AccountSecurity(true, 10, true), await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken), HttpStatusCode.Conflict, ErrorCodes.TwoFactorState);

        // The password alone no longer signs in, and the code that confirmed the set-up is spent.
        var challenge = await ChallengeAsync(name);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, confirming)), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);

        Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(setup.Secret);
        var session = await Api.PostAsync<TwoFactorLoginRequest, AuthResponse>("/auth/login/2fa", new TwoFactorLoginRequest(challenge, code), null);
        Assert.Equal(user.User.Id, session.User.Id);
        Assert.Equal(user.User.Id, (await Api.GetAsync<User>("/users/me", session.AccessToken)).Id);

        // Replaying the same code, even with a fresh challenge, is refused.
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), code)), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
    }

    [Fact]
    public async Task TwoFactor_AcceptsOneStepOfDriftEachWay_NotTwo_AndNeverAnOlderStep()
    {
        var (name, user) = await NewUserAsync();
        var secret = await EnableAsync(user);
        var t0 = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(90)); // three steps on

        // Two steps behind: outside the window.
        await Api.ExpectProblemAsync(LoginWithCodeAsync(name, Code(secret, t0.AddSeconds(30))), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        // One step ahead (a phone whose clock runs fast): accepted.
        (await LoginWithCodeAsync(name, Code(secret, t0.AddSeconds(120)))).EnsureSuccessStatusCode();
        // Now the current and the previous step are older than the last accepted one: refused.
        await Api.ExpectProblemAsync(LoginWithCodeAsync(name, Code(secret, t0.AddSeconds(90))), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        await Api.ExpectProblemAsync(LoginWithCodeAsync(name, Code(secret, t0.AddSeconds(60))), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);

        Time.Advance(TimeSpan.FromSeconds(60));
        (await LoginWithCodeAsync(name, Code(secret))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task BackupCodes_SignInOnceEach_AndRegeneratingReplacesThemAll()
    {
        var (name, user) = await NewUserAsync();
        var secret = await EnableAsync(user);
        var codes = (await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken)).BackupCodesRemaining;
        Assert.Equal(10, codes);
        var backup = await EnableAgainForCodesAsync(user, secret);

        var session = await Api.PostAsync<TwoFactorLoginRequest, AuthResponse>("/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), BackupCode: backup[0].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal)), null);
        Assert.Equal(user.User.Id, session.User.Id);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), BackupCode: backup[0])), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        Assert.Equal(9, (await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken)).BackupCodesRemaining);

        // A backup code typed where the app's code goes also works.
        (await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), backup[1]))).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name))), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        var fresh = await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/backup-codes", new TwoFactorCodeRequest(backup[2]), user.AccessToken);
        Assert.Equal(10, fresh.Codes.Count);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), BackupCode: backup[3])), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        (await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name), BackupCode: fresh.Codes[0]))).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/backup-codes", new TwoFactorCodeRequest("000000"), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode);
    }

    [Fact]
    public async Task Challenge_ForgedOrExpired_IsRefused()
    {
        var (name, user) = await NewUserAsync();
        var secret = await EnableAsync(user);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest("not-a-challenge", "123456")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorChallenge);
        var challenge = await ChallengeAsync(name);
        var tampered = challenge[..^2] + (challenge[^2] == 'A' ? "B" : "A") + challenge[^1];
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(tampered, "123456")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorChallenge);

        Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, Code(secret))), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorChallenge);
    }

    [Fact]
    public async Task WrongCodes_LockOutLikeWrongPasswords_UntilTheWindowPasses()
    {
        var (name, user) = await NewUserAsync();
        var secret = await EnableAsync(user);
        Time.Advance(TimeSpan.FromSeconds(30));
        var challenge = await ChallengeAsync(name);
        for (var i = 0; i < 10; i++)
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, WrongCode(secret))), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        }

        var locked = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, Code(secret))), HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
        Assert.InRange(locked.RetryAfterSeconds!.Value, 1, 15 * 60);

        // The right password does not reset the second-factor count.
        challenge = await ChallengeAsync(name);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenge, Code(secret))), HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);

        Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        (await LoginWithCodeAsync(name, Code(secret))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Disable_NeedsPasswordAndCode_ThenPasswordAloneSignsInAgain()
    {
        var (name, user) = await NewUserAsync();
        var secret = await EnableAsync(user);
        Time.Advance(TimeSpan.FromSeconds(30));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest("wrong password", Code(secret)), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Password, WrongCode(secret)), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Password, Code(secret)), user.AccessToken)).StatusCode);

        Assert.Equal(new AccountSecurity(false, 0, true), await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken));
        var log = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/admin/audit-log?target_user_id={user.User.Id}", (await OwnerAsync()).AccessToken);
        Assert.Equal([AuditAction.TwoFactorDisabled, AuditAction.TwoFactorEnabled], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal((user.User.Id, (Guid?)null), (e.ActorId, e.CommunityId)));
        await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, Password), null);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Password, Code(secret)), user.AccessToken), HttpStatusCode.Conflict, ErrorCodes.TwoFactorState);
        await Using(async db => Assert.Empty(await db.BackupCodes.Where(b => b.UserId == user.User.Id).ToListAsync()));
    }

    [Fact]
    public async Task TotpSeeds_AreEncryptedAtRest()
    {
        var (_, user) = await NewUserAsync();
        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        var pending = await Using(db => db.UserSecurity.AsNoTracking().SingleAsync(s => s.UserId == user.User.Id));
        AssertSealed(pending.PendingTotpSecret, setup.Secret);

        await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(Code(setup.Secret)), user.AccessToken);
        var stored = await Using(db => db.UserSecurity.AsNoTracking().SingleAsync(s => s.UserId == user.User.Id));
        AssertSealed(stored.TotpSecret, setup.Secret);
        Assert.Null(stored.PendingTotpSecret);
        Assert.True(Directory.EnumerateFiles(Path.Combine(fixture.Server.DataDirectory, "data-protection-keys"), "key-*.xml").Any());

        static void AssertSealed(string? column, string base32)
        {
            Assert.NotNull(column);
            Assert.DoesNotContain(base32, column, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(Base32Encoding.ToBytes(base32)).TrimEnd('='), column, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(Base32Encoding.ToBytes(base32)), column, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Recovery_ResetsPassword_RevokesEverySession_KeepsTwoFactor_AndSpendsTheCode()
    {
        var name = ChatalotApi.NewName();
        var user = await Api.RegisterAsync(name);
        Assert.NotNull(user.RecoveryCode);
        Assert.Matches("^([0-9A-Z]{4}-){5}[0-9A-Z]{4}$", user.RecoveryCode);
        Assert.DoesNotContain(user.RecoveryCode, user.ToString(), StringComparison.Ordinal);
        var secret = await EnableAsync(user);
        var (gateway, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken);
        await using var g = gateway;

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(ChatalotApi.NewName(), user.RecoveryCode!, "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "short")), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        // Typed in lower case with spaces: still the code.
        var next = await Api.PostAsync<RecoverAccountRequest, RecoveryCode>("/auth/recover", new RecoverAccountRequest(name.ToUpperInvariant(), user.RecoveryCode!.ToLowerInvariant().Replace('-', ' '), "a new password"), null);
        Assert.NotEqual(user.RecoveryCode, next.Code);
        Assert.Equal(ErrorCodes.SessionRevoked, (await gateway.WaitForAsync<ErrorFrame>()).Code);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", user.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, Password)), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.TwoFactorRequired);
        Time.Advance(TimeSpan.FromSeconds(30));
        (await LoginWithCodeAsync(name, Code(secret), "a new password")).EnsureSuccessStatusCode();

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "another new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);
    }

    [Fact]
    public async Task RecoveryCode_Regenerates_WithThePassword_AndTheOldOneStopsWorking()
    {
        var (name, user) = await NewUserAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/recovery-code", new PasswordConfirmation("wrong password"), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        var fresh = await Api.PostAsync<PasswordConfirmation, RecoveryCode>("/users/me/recovery-code", new PasswordConfirmation(Password), user.AccessToken);
        Assert.DoesNotContain(fresh.Code, fresh.ToString(), StringComparison.Ordinal);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);
        await Api.PostAsync<RecoverAccountRequest, RecoveryCode>("/auth/recover", new RecoverAccountRequest(name, fresh.Code, "a new password"), null);
        var stored = await Using(db => db.UserSecurity.AsNoTracking().SingleAsync(s => s.UserId == user.User.Id));
        Assert.Equal(32, stored.RecoveryCodeHash!.Length);
    }

    [Fact]
    public async Task Recovery_IsThrottled()
    {
        var (name, user) = await NewUserAsync();
        for (var i = 0; i < 10; i++)
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "a new password")), HttpStatusCode.TooManyRequests, ErrorCodes.AccountLocked);
        Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await Api.PostAsync<RecoverAccountRequest, RecoveryCode>("/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "a new password"), null);
    }

    [Fact]
    public async Task Sessions_ShowDeviceAddressAndLastSeen_AndRevokeAllOthersClosesTheirConnections()
    {
        var (name, first) = await NewUserAsync();
        using var browser = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new ByteArrayContent(Protocol.Serialization.ChatalotJson.SerializeToUtf8Bytes(new LoginRequest(name, Password))),
        };
        browser.Content.Headers.ContentType = new("application/json");
        browser.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36");
        var second = await Api.ExpectAsync<AuthResponse>(await Api.Http.SendAsync(browser));
        var third = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, Password, "bot: helper"), null);

        var sessions = await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", first.AccessToken);
        Assert.Equal(3, sessions.Count);
        Assert.All(sessions, s => Assert.Equal("127.0.0.1", s.LastAddress));
        Assert.Equal("Chromium on Linux", Assert.Single(sessions, s => s.Id == second.SessionId).DeviceName);
        Assert.Equal("bot: helper", Assert.Single(sessions, s => s.Id == third.SessionId).DeviceName);
        Assert.True(Assert.Single(sessions, s => s.Current).Id == first.SessionId);

        // Last seen moves on refresh, and on a gateway connect at most once a minute.
        var before = Assert.Single(sessions, s => s.Id == second.SessionId).LastUsedAt;
        Time.Advance(TimeSpan.FromMinutes(2));
        second = await Api.PostAsync<RefreshRequest, AuthResponse>("/auth/refresh", new RefreshRequest(second.RefreshToken), null);
        var refreshed = (await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", first.AccessToken)).Single(s => s.Id == second.SessionId).LastUsedAt;
        Assert.Equal(before + TimeSpan.FromMinutes(2), refreshed, TimeSpan.FromSeconds(1));
        Time.Advance(TimeSpan.FromMinutes(2));
        var (gateway, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, second.AccessToken);
        await using var g = gateway;
        var connected = (await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", first.AccessToken)).Single(s => s.Id == second.SessionId).LastUsedAt;
        Assert.Equal(refreshed + TimeSpan.FromMinutes(2), connected, TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/users/me/sessions/revoke-others", first.AccessToken)).StatusCode);
        Assert.Equal(ErrorCodes.SessionRevoked, (await gateway.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await gateway.ReceiveAsync());
        var left = await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", first.AccessToken);
        Assert.Equal(first.SessionId, Assert.Single(left).Id);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", third.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
    }

    [Fact]
    public async Task ChangePassword_ClosesEveryOtherSessionsConnection_AndKeepsTheCallers()
    {
        var (name, first) = await NewUserAsync();
        var second = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, Password, "phone"), null);
        var (mine, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, first.AccessToken);
        await using var m = mine;
        var (other, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, second.AccessToken);
        await using var o = other;

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest(Password, "brand new password"), first.AccessToken)).StatusCode);
        Assert.Equal(ErrorCodes.SessionRevoked, (await other.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await other.ReceiveAsync());

        // The caller's own connection is still live: a heartbeat is answered.
        await mine.SendAsync(new HeartbeatFrame());
        await mine.WaitForAsync<HeartbeatAckFrame>();
        await Api.GetAsync<User>("/users/me", first.AccessToken);
    }

    [Fact]
    public async Task AdminReset_TurnsTwoFactorOff_DeletesBackupCodes_AndIsAudited()
    {
        var (name, user) = await NewUserAsync();
        await EnableAsync(user);
        var owner = await OwnerAsync();
        Assert.True((await Api.GetAsync<IReadOnlyList<Protocol.Admin.AdminUser>>($"/admin/users?query={name}", owner.AccessToken)).Single().TwoFactorEnabled);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/2fa/reset", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{Guid.NewGuid()}/2fa/reset", owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/2fa/reset", owner.AccessToken)).StatusCode);
        var session = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, Password), null);
        Assert.Equal(new AccountSecurity(false, 0, true), await Api.GetAsync<AccountSecurity>("/users/me/security", session.AccessToken));
        Assert.False((await Api.GetAsync<IReadOnlyList<Protocol.Admin.AdminUser>>($"/admin/users?query={name}", owner.AccessToken)).Single().TwoFactorEnabled);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/2fa/reset", owner.AccessToken), HttpStatusCode.Conflict, ErrorCodes.TwoFactorState);

        var entry = (await Api.GetAsync<IReadOnlyList<Protocol.Audit.AuditLogEntry>>("/admin/audit-log?action=two_factor_reset", owner.AccessToken)).Single(e => e.TargetUserId == user.User.Id);
        Assert.Equal(owner.User.Id, entry.ActorId);
    }

    [Fact]
    public async Task DeleteSelf_ErasesTheAccount_FreesTheName_AndClosesConnections()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var name = s.Member.User.Username;
        var id = s.Member.User.Id;
        var secret = await EnableAsync(s.Member);
        (await Api.SendAsync(HttpMethod.Put, $"/users/me/blocks/{s.Outsider.User.Id}", s.Member.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, $"/users/me/blocks/{id}", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        var (gateway, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, s.Member.AccessToken);
        await using var g = gateway;
        var (watcher, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, s.Owner.AccessToken);
        await using var w = watcher;

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation("wrong password"), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.WrongCurrentPassword);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation(Password), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation(Password, WrongCode(secret)), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode);
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation(Password, Code(secret)), s.Member.AccessToken)).StatusCode);

        Assert.Equal(ErrorCodes.SessionRevoked, (await gateway.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await gateway.ReceiveAsync());
        var removed = await watcher.WaitForAsync<MemberRemovedEvent>(e => e.UserId == id);
        Assert.Equal("account_deleted", removed.Reason);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", s.Member.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(s.Member.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRefreshToken);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, Password)), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, s.Member.RecoveryCode!, "a new password")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode);

        var members = await Api.GetAsync<MemberList>($"/communities/{s.Community.Id}/members", s.Owner.AccessToken);
        Assert.DoesNotContain(members.Members, m => m.UserId == id);
        var tombstone = await Api.GetAsync<User>($"/users/{id}", (await OwnerAsync()).AccessToken);
        Assert.Equal("Deleted user", tombstone.DisplayName);
        Assert.StartsWith("deleted-", tombstone.Username, StringComparison.Ordinal);

        await Using(async db =>
        {
            Assert.False(await db.Sessions.AnyAsync(x => x.UserId == id));
            Assert.False(await db.CommunityMembers.AnyAsync(x => x.UserId == id));
            Assert.False(await db.GroupMembers.AnyAsync(x => x.UserId == id));
            Assert.False(await db.UserBlocks.AnyAsync(x => x.BlockerId == id || x.BlockedId == id));
            Assert.False(await db.UserSecurity.AnyAsync(x => x.UserId == id));
            Assert.False(await db.BackupCodes.AnyAsync(x => x.UserId == id));
            Assert.False(await db.Devices.AnyAsync(x => x.UserId == id));
            Assert.False(await db.ReadStates.AnyAsync(x => x.UserId == id));
            var row = await db.Users.AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.NotNull(row.DeletedAt);
            Assert.Equal("", row.PasswordHash);
        });

        // The name is free again.
        var again = await Api.RegisterAsync(name);
        Assert.NotEqual(id, again.User.Id);
    }

    [Fact]
    public async Task DeleteSelf_CommunityOwner_MustTransferFirst()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation(Password), s.Owner.AccessToken), HttpStatusCode.Conflict, ErrorCodes.OwnsCommunities);
        await Api.GetAsync<User>("/users/me", s.Owner.AccessToken);
        (await Api.SendAsync(HttpMethod.Post, $"/communities/{s.Community.Id}/transfer-ownership", new TransferOwnershipRequest(s.Admin.User.Id), s.Owner.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation(Password), s.Owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task AdminDelete_FollowsTheSuspensionRules()
    {
        var owner = await OwnerAsync();
        var admin = await Api.RegisterAsync();
        var otherAdmin = await Api.RegisterAsync();
        var user = await Api.RegisterAsync();
        foreach (var a in new[] { admin, otherAdmin })
        {
            (await Api.SendAsync(HttpMethod.Put, $"/admin/users/{a.User.Id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), owner.AccessToken)).EnsureSuccessStatusCode();
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/users/{admin.User.Id}", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/users/{owner.User.Id}", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/users/{otherAdmin.User.Id}", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/users/{Guid.NewGuid()}", admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/admin/users/{user.User.Id}", admin.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", user.AccessToken), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/users/{user.User.Id}", admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/admin/users/{otherAdmin.User.Id}", owner.AccessToken)).StatusCode);

        // Instance audit entries: who deleted whom, with the name the account had.
        var entries = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/admin/audit-log?action=user_deleted&target_user_id={user.User.Id}", owner.AccessToken);
        var entry = Assert.Single(entries);
        Assert.Equal((admin.User.Id, (Guid?)null, user.User.Username), (entry.ActorId, entry.CommunityId, entry.Detail));
    }

    [Fact]
    public async Task BadInput_GetsTypedProblems_NeverA500()
    {
        var (_, user) = await NewUserAsync();
        foreach (var path in new[] { "/users/me/2fa/setup", "/users/me/2fa/enable", "/users/me/2fa/disable", "/users/me/2fa/backup-codes", "/users/me/recovery-code", "/auth/login/2fa", "/auth/recover" })
        {
            await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, path, "{", user.AccessToken), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
            await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Post, path, "{}", user.AccessToken), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        }

        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Delete, "/users/me", "{}", user.AccessToken), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(new string('x', 5000), "1")), HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorChallenge);
    }

    private static string Code(string secret, DateTimeOffset? at = null) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((at ?? DateTimeOffset.MinValue).UtcDateTime);

    private string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Time.GetUtcNow().UtcDateTime);

    /// <summary>A six-digit code that matches none of the accepted steps.</summary>
    private string WrongCode(string secret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = Time.GetUtcNow().UtcDateTime;
        var taken = new[] { -30, 0, 30 }.Select(d => totp.ComputeTotp(now.AddSeconds(d))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !taken.Contains(c));
    }

    /// <summary>The instance owner, signed in afresh: the fake clock may have run past an earlier access token.</summary>
    private Task<AuthResponse> OwnerAsync() =>
        Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(fixture.Owner.User.Username, Password), null);

    private async Task<(string Name, AuthResponse User)> NewUserAsync()
    {
        var name = ChatalotApi.NewName();
        return (name, await Api.RegisterAsync(name));
    }

    private async Task<string> EnableAsync(AuthResponse user)
    {
        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(Code(setup.Secret)), user.AccessToken);
        return setup.Secret;
    }

    private async Task<IReadOnlyList<string>> EnableAgainForCodesAsync(AuthResponse user, string secret)
    {
        Time.Advance(TimeSpan.FromSeconds(30));
        return (await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/backup-codes", new TwoFactorCodeRequest(Code(secret)), user.AccessToken)).Codes;
    }

    private async Task<string> ChallengeAsync(string name, string password = Password)
    {
        var problem = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, password)), HttpStatusCode.Unauthorized, ErrorCodes.TwoFactorRequired);
        Assert.NotNull(problem.Challenge);
        return problem.Challenge;
    }

    private async Task<HttpResponseMessage> LoginWithCodeAsync(string name, string code, string password = Password) =>
        await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(await ChallengeAsync(name, password), code));

    private async Task Using(Func<ChatalotDbContext, Task> work)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<ChatalotDbContext>());
    }

    private async Task<T> Using<T>(Func<ChatalotDbContext, Task<T>> work)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ChatalotDbContext>());
    }
}

public sealed class AccountSecuritySqliteTests(SecuritySqliteFixture fixture) : AccountSecurityConformanceTests(fixture), IClassFixture<SecuritySqliteFixture>;

public sealed class AccountSecurityPostgresTests(SecurityPostgresFixture fixture) : AccountSecurityConformanceTests(fixture), IClassFixture<SecurityPostgresFixture>;
