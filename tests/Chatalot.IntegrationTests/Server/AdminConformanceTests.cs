using System.Net;
using System.Text.RegularExpressions;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Admin;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Instance administration (rest.md §Administration, permissions.md §Instance) on every storage provider: the first-run
/// claim, runtime settings kept in the database, the user list, revoking sessions, registration invites, storage figures,
/// and the instance audit entries each action writes. Tests that change a setting of the shared server put it back.
/// </summary>
public abstract partial class AdminConformanceTests(ServerFixture fixture)
{
    private const string Password = "correct horse battery";

    private ChatalotApi Api => fixture.Api;

    private string Owner => fixture.Owner.AccessToken;

    [Fact]
    public async Task FreshServer_OnlyTheSetupCodeClaimsIt_ThenTheCodeIsVoid()
    {
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider);
        using var api = server.CreateApi();
        Assert.True((await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"))).SetupRequired);

        // A bot starting first has no code: refused, and it does not become anything.
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest("eager_bot", Password)), HttpStatusCode.Forbidden, ErrorCodes.SetupRequired);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest("eager_bot", Password, SetupCode: "WRONG-CODE-0000")), HttpStatusCode.Forbidden, ErrorCodes.SetupCodeInvalid);

        var owner = await api.PostAsync<RegisterRequest, AuthResponse>("/auth/register", new RegisterRequest("human", Password, SetupCode: "test-setup-code-0000"), null, HttpStatusCode.Created);
        Assert.Equal(InstanceRole.Owner, owner.User.Role);
        Assert.False((await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"))).SetupRequired);

        // Void now: the same code registers an ordinary user (the test server is open).
        var second = await api.PostAsync<RegisterRequest, AuthResponse>("/auth/register", ChatalotApi.Registration("eager_bot", Password), null, HttpStatusCode.Created);
        Assert.Equal(InstanceRole.User, second.User.Role);

        var audit = await api.GetAsync<IReadOnlyList<AuditLogEntry>>("/admin/audit-log", owner.AccessToken);
        var claimed = Assert.Single(audit, e => e.Action == AuditAction.ServerClaimed);
        Assert.Equal(owner.User.Id, claimed.ActorId);
        Assert.Null(claimed.CommunityId);
    }

    [Fact]
    public async Task UnclaimedServer_PrintsANewCodeAtEveryStart_AndOnlyTheLatestClaims()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider, o => o with { SetupCode = null }, logs);
        using var api = server.CreateApi();
        var first = LatestCode(logs);
        await server.RestartAsync();
        var second = LatestCode(logs);
        Assert.NotEqual(first, second);
        Assert.Equal(2, logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Chatalot setup code:", StringComparison.Ordinal)));

        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", new RegisterRequest("human", Password, SetupCode: first)), HttpStatusCode.Forbidden, ErrorCodes.SetupCodeInvalid);
        var owner = await api.PostAsync<RegisterRequest, AuthResponse>("/auth/register", new RegisterRequest("human", Password, SetupCode: second), null, HttpStatusCode.Created);
        Assert.Equal(InstanceRole.Owner, owner.User.Role);

        // Claimed: a restart prints nothing more, and only its hash was ever stored.
        await server.RestartAsync();
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("Chatalot setup code:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Settings_AreStoredInTheDatabase_SurviveARestart_AndTheBannerExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider, time: time);
        using var api = server.CreateApi();
        var owner = await api.RegisterAsync();
        var defaults = await api.GetAsync<ServerSettings>("/admin/settings", owner.AccessToken);
        Assert.Equal(RegistrationMode.Open, defaults.RegistrationMode);
        Assert.Equal(CommunityCreationPolicy.Everyone, defaults.CommunityCreation);
        Assert.Null(defaults.Banner);
        Assert.Null(defaults.UpdatedAt);

        var expires = time.GetUtcNow().AddHours(1);
        var patched = await api.ExpectAsync<ServerSettings>(await api.SendAsync(HttpMethod.Patch, "/admin/settings", new UpdateServerSettingsRequest(
            RegistrationMode.InviteOnly, CommunityCreationPolicy.AdminsOnly, MaxCommunitiesPerUser: 3, UserQuotaBytes: 1_000_000,
            Banner: new ServerBanner("  Maintenance at 22:00 UTC  ", BannerLevel.Warning, expires)), owner.AccessToken));
        Assert.Equal(new ServerBanner("Maintenance at 22:00 UTC", BannerLevel.Warning, expires), patched.Banner);

        await server.RestartAsync();
        var stored = await api.GetAsync<ServerSettings>("/admin/settings", owner.AccessToken);
        Assert.Equal(patched with { UpdatedAt = null, Banner = null }, stored with { UpdatedAt = null, Banner = null });
        Assert.Equal(("Maintenance at 22:00 UTC", BannerLevel.Warning), (stored.Banner!.Text, stored.Banner.Level));
        Assert.True((stored.Banner.ExpiresAt!.Value - expires).Duration() < TimeSpan.FromSeconds(1));
        Assert.Equal(RegistrationMode.InviteOnly, stored.RegistrationMode);
        Assert.Equal(3, stored.MaxCommunitiesPerUser);
        Assert.Equal(1_000_000, stored.UserQuotaBytes);
        var info = await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"));
        Assert.Equal(RegistrationMode.InviteOnly, info.RegistrationMode);
        Assert.Equal(CommunityCreationPolicy.AdminsOnly, info.CommunityCreation);
        Assert.Equal("Maintenance at 22:00 UTC", info.Banner?.Text);

        // The quota in force is the stored one (a fresh upload over it is refused as over quota).
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(1_000_001), owner.AccessToken), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.QuotaExceeded);

        // Past its expiry the banner leaves GET /server; administrators still see it in the settings.
        time.Advance(TimeSpan.FromHours(2));
        owner = await api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(owner.User.Username, Password), null);
        Assert.Null((await api.ExpectAsync<ServerInfo>(await api.SendAsync(HttpMethod.Get, "/server"))).Banner);
        Assert.NotNull((await api.GetAsync<ServerSettings>("/admin/settings", owner.AccessToken)).Banner);

        // 0 means unlimited; an empty banner removes it.
        var cleared = await api.ExpectAsync<ServerSettings>(await api.SendAsync(HttpMethod.Patch, "/admin/settings", new UpdateServerSettingsRequest(
            MaxCommunitiesPerUser: 0, UserQuotaBytes: 0, Banner: new ServerBanner("")), owner.AccessToken));
        Assert.Null(cleared.MaxCommunitiesPerUser);
        Assert.Null(cleared.UserQuotaBytes);
        Assert.Null(cleared.Banner);

        var audit = await api.GetAsync<IReadOnlyList<AuditLogEntry>>("/admin/audit-log", owner.AccessToken);
        var changes = audit.Where(e => e.Action == AuditAction.ServerSettingsChanged).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Contains(changes, e => e.Detail!.Contains("registration_mode invite_only", StringComparison.Ordinal) && e.Detail.Contains("banner set (warning", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, e => e.Detail!.Contains("Maintenance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_RefuseNonAdminsAndBadValues_Typed()
    {
        var user = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/settings", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, "/admin/settings", new UpdateServerSettingsRequest(RegistrationMode.Open), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/storage", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        foreach (var bad in new[]
        {
            new UpdateServerSettingsRequest(Banner: new ServerBanner(new string('x', 501))),
            new UpdateServerSettingsRequest(Banner: new ServerBanner("line\nbreak")),
            new UpdateServerSettingsRequest(Banner: new ServerBanner("late", ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-1))),
            new UpdateServerSettingsRequest(MaxCommunitiesPerUser: -1),
            new UpdateServerSettingsRequest(MaxCommunitiesPerUser: 10001),
            new UpdateServerSettingsRequest(UserQuotaBytes: -5),
        })
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, "/admin/settings", bad, Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        }

        await Api.ExpectProblemAsync(Api.SendRawAsync(HttpMethod.Patch, "/admin/settings", """{"registration_mode":"everyone"}""", Owner), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        Assert.Equal(RegistrationMode.Open, (await Api.GetAsync<ServerSettings>("/admin/settings", Owner)).RegistrationMode);
    }

    [Fact]
    public async Task RegistrationMode_AndCommunityPolicy_ApplyAtOnce()
    {
        var user = await Api.RegisterAsync();
        try
        {
            await PatchAsync(new UpdateServerSettingsRequest(RegistrationMode.Closed, CommunityCreationPolicy.AdminsOnly));
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), Password)), HttpStatusCode.Forbidden, ErrorCodes.RegistrationClosed);
            var refused = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/communities", new CreateCommunityRequest("Mine"), user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
            Assert.Contains("only administrators create communities", refused.Detail, StringComparison.Ordinal);
            await Api.ExpectAsync<Community>(await Api.SendAsync(HttpMethod.Post, "/communities", new CreateCommunityRequest("Staff"), Owner), HttpStatusCode.Created);

            await PatchAsync(new UpdateServerSettingsRequest(RegistrationMode.Open, CommunityCreationPolicy.Everyone, MaxCommunitiesPerUser: 1));
            await Api.RegisterAsync();
            await Api.ExpectAsync<Community>(await Api.SendAsync(HttpMethod.Post, "/communities", new CreateCommunityRequest("One"), user.AccessToken), HttpStatusCode.Created);
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/communities", new CreateCommunityRequest("Two"), user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.CommunityLimitReached);
        }
        finally
        {
            await PatchAsync(new UpdateServerSettingsRequest(RegistrationMode.Open, CommunityCreationPolicy.Everyone, MaxCommunitiesPerUser: 0));
        }
    }

    [Fact]
    public async Task BannerChange_ReachesConnectedUsers_AsServerUpdated()
    {
        var user = await Api.RegisterAsync();
        var (gateway, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken);
        await using var _ = gateway;
        var text = "Banner " + Guid.NewGuid().ToString("N")[..6];
        try
        {
            await PatchAsync(new UpdateServerSettingsRequest(Banner: new ServerBanner(text, BannerLevel.Info)));
            var updated = await gateway.WaitForAsync<ServerUpdatedEvent>(e => e.Server.Banner?.Text == text);
            Assert.Equal(BannerLevel.Info, updated.Server.Banner!.Level);
            Assert.Equal(text, (await Api.ExpectAsync<ServerInfo>(await Api.SendAsync(HttpMethod.Get, "/server"))).Banner?.Text);

            await PatchAsync(new UpdateServerSettingsRequest(Banner: new ServerBanner("")));
            await gateway.WaitForAsync<ServerUpdatedEvent>(e => e.Server.Banner is null);
        }
        finally
        {
            await PatchAsync(new UpdateServerSettingsRequest(Banner: new ServerBanner("")));
        }
    }

    [Fact]
    public async Task Users_SearchFiltersAndAdminFields()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var alice = await Api.RegisterAsync("alice_" + tag);
        var bob = await Api.RegisterAsync("bob_" + tag);
        await Api.ExpectAsync<Upload>(await Api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(4096), alice.AccessToken), HttpStatusCode.Created);
        await Api.SendAsync(HttpMethod.Post, $"/admin/users/{bob.User.Id}/suspend", new SuspendUserRequest("spam"), Owner);

        var found = await Api.GetAsync<IReadOnlyList<AdminUser>>($"/admin/users?query={tag.ToUpperInvariant()}", Owner);
        Assert.Equal([alice.User.Id, bob.User.Id], found.Select(u => u.Id));
        var a = found[0];
        Assert.Equal(4096, a.StorageBytes);
        Assert.NotNull(a.LastSeenAt);
        Assert.False(a.Suspended);
        Assert.Equal(InstanceRole.User, a.Role);
        var b = found[1];
        Assert.True(b.Suspended);
        Assert.Equal("spam", b.SuspensionReason);

        Assert.Equal([bob.User.Id], (await Api.GetAsync<IReadOnlyList<AdminUser>>($"/admin/users?query={tag}&status=suspended", Owner)).Select(u => u.Id));
        Assert.Equal([alice.User.Id], (await Api.GetAsync<IReadOnlyList<AdminUser>>($"/admin/users?query={tag}&status=active", Owner)).Select(u => u.Id));
        Assert.Contains(fixture.Owner.User.Id, (await Api.GetAsync<IReadOnlyList<AdminUser>>("/admin/users?status=admins", Owner)).Select(u => u.Id));
        Assert.Equal([bob.User.Id], (await Api.GetAsync<IReadOnlyList<AdminUser>>($"/admin/users?query={tag}&limit=1&offset=1", Owner)).Select(u => u.Id));

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users?status=banned", Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users?limit=201", Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users?query=" + new string('q', 65), Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users?offset=-1", Owner), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/users", alice.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task RevokeSessions_EndsEverySessionAndLiveConnection_AndIsAudited()
    {
        var name = ChatalotApi.NewName();
        var user = await Api.RegisterAsync(name);
        var phone = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);
        var (gateway, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, phone.AccessToken);
        await using var _ = gateway;

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/sessions/revoke", Owner)).StatusCode);
        await gateway.DrainAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(System.Net.WebSockets.WebSocketState.CloseReceived, gateway.Socket.State);
        foreach (var token in new[] { user.AccessToken, phone.AccessToken })
        {
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/me", token), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/refresh", new RefreshRequest(phone.RefreshToken)), HttpStatusCode.Unauthorized, ErrorCodes.SessionRevoked);
        await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);

        var entry = (await Api.GetAsync<IReadOnlyList<AuditLogEntry>>("/admin/audit-log?action=user_sessions_revoked", Owner)).First(e => e.TargetUserId == user.User.Id);
        Assert.Equal(fixture.Owner.User.Id, entry.ActorId);
        Assert.Equal("2 sessions", entry.Detail);
    }

    [Fact]
    public async Task RevokeSessions_RefusesWhatAdminsMayNotTouch()
    {
        var admin = await Api.RegisterAsync();
        var peer = await Api.RegisterAsync();
        var user = await Api.RegisterAsync();
        foreach (var id in new[] { admin.User.Id, peer.User.Id })
        {
            await Api.ExpectAsync<User>(await Api.SendAsync(HttpMethod.Put, $"/admin/users/{id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), Owner));
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{fixture.Owner.User.Id}/sessions/revoke", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{peer.User.Id}/sessions/revoke", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{admin.User.Id}/sessions/revoke", admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{admin.User.Id}/sessions/revoke", user.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{Guid.NewGuid()}/sessions/revoke", Owner), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // An admin may act on an ordinary user, the owner on an admin.
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/sessions/revoke", admin.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{peer.User.Id}/sessions/revoke", Owner)).StatusCode);
        await Api.GetAsync<User>("/users/me", admin.AccessToken);
    }

    [Fact]
    public async Task RegistrationInvites_AreMultiUse_ListTheirState_AndRevokeKeepsThemListed()
    {
        var multi = await Api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new CreateInviteRequest(MaxUses: 2, ExpiresInHours: 24), Owner, HttpStatusCode.Created);
        var spare = await Api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new CreateInviteRequest(), Owner, HttpStatusCode.Created);
        try
        {
            await PatchAsync(new UpdateServerSettingsRequest(RegistrationMode.InviteOnly));
            await Api.RegisterAsync(invite: multi.Code);
            await Api.RegisterAsync(invite: multi.Code);
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), Password, multi.Code)), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);

            Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/admin/registration-invites/{spare.Id}", Owner)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/admin/registration-invites/{spare.Id}", Owner)).StatusCode);
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), Password, spare.Code)), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);
            await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/admin/registration-invites/{Guid.NewGuid()}", Owner), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }
        finally
        {
            await PatchAsync(new UpdateServerSettingsRequest(RegistrationMode.Open));
        }

        var listed = (await Api.GetAsync<IReadOnlyList<RegistrationInvite>>("/admin/registration-invites", Owner)).ToDictionary(i => i.Id);
        var used = listed[multi.Id];
        Assert.Equal((2, 2, RegistrationInviteState.UsedUp, fixture.Owner.User.Id), (used.Uses, used.MaxUses!.Value, used.State, used.CreatedBy));
        Assert.NotNull(used.ExpiresAt);
        var revoked = listed[spare.Id];
        Assert.Equal(RegistrationInviteState.Revoked, revoked.State);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Null(revoked.MaxUses);

        var audit = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>("/admin/audit-log", Owner);
        Assert.Contains(audit, e => e.Action == AuditAction.RegistrationInviteCreated && e.TargetId == multi.Id && e.Detail!.StartsWith("2 uses, until ", StringComparison.Ordinal));
        Assert.Single(audit, e => e.Action == AuditAction.RegistrationInviteRevoked && e.TargetId == spare.Id);
    }

    [Fact]
    public async Task RegistrationInvite_PastItsExpiry_IsListedExpired_AndAdmitsNobody()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(fixture.Provider, o => o with { RegistrationMode = RegistrationMode.InviteOnly }, time: time);
        using var api = server.CreateApi();
        var owner = await api.RegisterAsync();
        var invite = await api.PostAsync<CreateInviteRequest, RegistrationInvite>("/admin/registration-invites", new CreateInviteRequest(ExpiresInHours: 1), owner.AccessToken, HttpStatusCode.Created);
        time.Advance(TimeSpan.FromHours(2));
        owner = await api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(owner.User.Username, Password), null);
        Assert.Equal(RegistrationInviteState.Expired, Assert.Single(await api.GetAsync<IReadOnlyList<RegistrationInvite>>("/admin/registration-invites", owner.AccessToken)).State);
        await api.ExpectProblemAsync(api.SendAsync(HttpMethod.Post, "/auth/register", ChatalotApi.Registration(ChatalotApi.NewName(), Password, invite.Code)), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);
    }

    [Fact]
    public async Task AdminActions_WriteInstanceAuditEntries()
    {
        var user = await Api.RegisterAsync();
        await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/suspend", new SuspendUserRequest("flooding"), Owner);
        await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/unsuspend", Owner);
        await Api.ExpectAsync<User>(await Api.SendAsync(HttpMethod.Put, $"/admin/users/{user.User.Id}/role", new SetInstanceRoleRequest(InstanceRole.Admin), Owner));

        var entries = (await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/admin/audit-log?target_user_id={user.User.Id}", Owner)).ToList();
        Assert.Equal([AuditAction.InstanceRoleChanged, AuditAction.UserUnsuspended, AuditAction.UserSuspended], entries.Select(e => e.Action));
        Assert.Equal("flooding", entries[2].Reason);
        Assert.Equal("admin", entries[0].Detail);
        Assert.All(entries, e => Assert.Equal(fixture.Owner.User.Id, e.ActorId));
    }

    [Fact]
    public async Task Storage_ReportsSizesCountsAndTheLargestUsers()
    {
        var heavy = await Api.RegisterAsync();
        await Api.ExpectAsync<Upload>(await Api.SendAsync(HttpMethod.Post, "/uploads", new CreateUploadRequest(50_000_000), heavy.AccessToken), HttpStatusCode.Created);
        var report = await Api.GetAsync<StorageReport>("/admin/storage", Owner);
        Assert.True(report.DatabaseBytes > 0);
        Assert.True(report.AttachmentBytes >= 50_000_000);
        Assert.True(report.Attachments >= 1);
        Assert.True(report.Users >= 2);
        Assert.True(report.Messages >= 0);
        var top = report.TopUsers[0];
        Assert.Equal((heavy.User.Id, heavy.User.Username), (top.Id, top.Name));
        Assert.True(report.TopUsers.Count <= 10);
    }

    private async Task PatchAsync(UpdateServerSettingsRequest request) =>
        await Api.ExpectAsync<ServerSettings>(await Api.SendAsync(HttpMethod.Patch, "/admin/settings", request, Owner));

    private static string LatestCode(CapturingLoggerProvider logs) =>
        SetupCodeLine().Match(logs.Lines.Last(l => l.Contains("Chatalot setup code:", StringComparison.Ordinal))).Groups[1].Value;

    [GeneratedRegex("Chatalot setup code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}) —")]
    private static partial Regex SetupCodeLine();
}

public sealed class AdminSqliteTests(SqliteServerFixture fixture) : AdminConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class AdminPostgresTests(PostgresServerFixture fixture) : AdminConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
