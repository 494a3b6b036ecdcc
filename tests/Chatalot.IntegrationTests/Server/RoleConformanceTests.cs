using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Custom roles, overrides and moderation (permissions.md §Flags, §Roles, §Overrides, §Moderation) on every storage
/// provider: standing, the flags you hold, and their effect on live gateway sessions (the route × actor matrix is
/// RouteMatrix/RouteMatrixConformanceTests).
/// </summary>
public abstract class RoleConformanceTests(ServerFixture fixture)
{
    private const CommunityPermissions Granted = CommunityPermissions.ManageRoles | CommunityPermissions.KickMembers | CommunityPermissions.BanMembers |
        CommunityPermissions.TimeoutMembers | CommunityPermissions.ManageMessages | CommunityPermissions.PinMessages | CommunityPermissions.CreateInvites |
        CommunityPermissions.ManageInvites | CommunityPermissions.ViewAuditLog | CommunityPermissions.ManageGroups | CommunityPermissions.ManageEmoji |
        CommunityPermissions.HandleReports;

    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, AuthResponse who) => Api.SendAsync(method, path, who.AccessToken);

    private Task<HttpResponseMessage> Send<T>(HttpMethod method, string path, T body, AuthResponse who) => Api.SendAsync(method, path, body, who.AccessToken);

    private sealed record Actors(CommunityScenario S, AuthResponse WithFlags, AuthResponse WithoutFlags, AuthResponse TimedOut, Role GrantedRole, Role PlainRole);

    private async Task<Actors> ActorsAsync()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var c = s.Community.Id;
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{c}/invites", new CreateInviteRequest(), s.Owner.AccessToken, HttpStatusCode.Created);
        var withFlags = await CommunityScenario.JoinAsync(Api, invite.Code);
        var withoutFlags = await CommunityScenario.JoinAsync(Api, invite.Code);
        var timedOut = await CommunityScenario.JoinAsync(Api, invite.Code);
        foreach (var user in new[] { withFlags, withoutFlags, timedOut })
        {
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        // New roles go to position 1, so "plain" (created last) ends up below "granted".
        var granted = await Api.PostAsync<CreateRoleRequest, Role>($"/communities/{c}/roles", new CreateRoleRequest("granted", "#FF8800", Granted), s.Owner.AccessToken, HttpStatusCode.Created);
        var plain = await Api.PostAsync<CreateRoleRequest, Role>($"/communities/{c}/roles", new CreateRoleRequest("plain"), s.Owner.AccessToken, HttpStatusCode.Created);
        await Ok(Send(HttpMethod.Put, $"/communities/{c}/members/{withFlags.User.Id}/roles/{granted.Id}", s.Owner));
        await Ok(Send(HttpMethod.Put, $"/communities/{c}/members/{withoutFlags.User.Id}/roles/{plain.Id}", s.Owner));
        await Ok(Send(HttpMethod.Put, $"/communities/{c}/members/{timedOut.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1), "spam"), s.Owner));
        return new Actors(s, withFlags, withoutFlags, timedOut, granted, plain);
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"Expected 2xx, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Roles_OnlyBelowYourOwn_AndOnlyFlagsYouHold()
    {
        var a = await ActorsAsync();
        var c = a.S.Community.Id;
        var roles = await Api.GetAsync<IReadOnlyList<Role>>($"/communities/{c}/roles", a.S.Member.AccessToken);
        Assert.True(roles[0].IsDefault);
        Assert.Equal(c, roles[0].Id);
        Assert.Equal(CommunityPermissions.EveryoneDefault, roles[0].Permissions);
        Assert.Equal(["plain", "granted"], roles.Skip(1).Select(r => r.Name));
        Assert.Equal("#ff8800", roles.Single(r => r.Name == "granted").Color);

        // The granted role holds manage_roles but not manage_channels, and cannot touch itself or grant what it lacks.
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, $"/communities/{c}/roles/{a.GrantedRole.Id}", new UpdateRoleRequest(Name: "x"), a.WithFlags), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/communities/{c}/roles", new CreateRoleRequest("chan", Permissions: CommunityPermissions.ManageChannels), a.WithFlags), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, $"/communities/{c}/roles/{c}", a.S.Owner), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/communities/{c}/roles", new CreateRoleRequest("bad", "red"), a.S.Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/groups/{a.S.PublicGroup.Id}/overrides/role/{c}", new SetPermissionOverrideRequest(CommunityPermissions.PinMessages, CommunityPermissions.PinMessages), a.S.Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        var created = await Api.ExpectAsync<Role>(await Send(HttpMethod.Post, $"/communities/{c}/roles", new CreateRoleRequest("helper", Permissions: CommunityPermissions.PinMessages), a.WithFlags), HttpStatusCode.Created);
        Assert.Equal(1, created.Position);

        // Reorder: the granted role cannot move itself; the owner can move anything.
        var order = (await Api.GetAsync<IReadOnlyList<Role>>($"/communities/{c}/roles", a.S.Owner.AccessToken)).Where(r => !r.IsDefault).Select(r => r.Id).ToList();
        var reversed = Enumerable.Reverse(order).ToList();
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/communities/{c}/roles/positions", new ReorderRolesRequest(reversed), a.WithFlags), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var after = await Api.ExpectAsync<IReadOnlyList<Role>>(await Send(HttpMethod.Put, $"/communities/{c}/roles/positions", new ReorderRolesRequest(reversed), a.S.Owner));
        Assert.Equal(reversed, after.Skip(1).Select(r => r.Id));

        // Members list carries role ids and the time-out.
        var members = await Api.GetAsync<MemberList>($"/communities/{c}/members", a.S.Owner.AccessToken);
        Assert.Equal([a.GrantedRole.Id], members.Members.Single(m => m.UserId == a.WithFlags.User.Id).RoleIds);
        Assert.NotNull(members.Members.Single(m => m.UserId == a.TimedOut.User.Id).TimedOutUntil);
        Assert.Null(members.Members.Single(m => m.UserId == a.S.Member.User.Id).TimedOutUntil);
    }

    [Fact]
    public async Task KickBanAndTimeout_FollowStanding_RolesByPosition()
    {
        var a = await ActorsAsync();
        var c = a.S.Community.Id;
        // A custom role outranks plain members but not moderators; nobody acts on an equal or higher standing.
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/communities/{c}/members/{a.S.Moderator.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1)), a.WithFlags), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, $"/communities/{c}/members/{a.WithFlags.User.Id}", a.WithFlags), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/communities/{c}/members/{a.S.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddDays(29)), a.WithFlags), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/communities/{c}/members/{a.S.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddMinutes(-1)), a.WithFlags), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"/communities/{c}/bans/{a.S.Member.User.Id}", new BanRequest { DeleteMessageHours = 169 }, a.WithFlags), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Ok(Send(HttpMethod.Delete, $"/communities/{c}/members/{a.WithoutFlags.User.Id}", a.WithFlags));

        // The time-out is typed, carries its end, and lifting it lets the member post again.
        using (var refused = await Api.SendAsync(HttpMethod.Post, $"/channels/{a.S.General.Id}/messages", MessageConformanceTests.Channel("t1"), a.TimedOut.AccessToken))
        {
            var problem = await Api.ExpectAsync<ChatalotProblemDetails>(refused, HttpStatusCode.Forbidden);
            Assert.Equal(ErrorCodes.TimedOut, problem.Code);
            Assert.True(problem.RetryAfterSeconds > 3000);
        }

        Assert.NotNull((await Api.GetAsync<EffectivePermissions>($"/channels/{a.S.General.Id}/permissions", a.TimedOut.AccessToken)).TimedOutUntil);
        await Ok(Send(HttpMethod.Delete, $"/communities/{c}/members/{a.TimedOut.User.Id}/timeout", a.WithFlags));
        await Ok(Api.SendAsync(HttpMethod.Post, $"/channels/{a.S.General.Id}/messages", MessageConformanceTests.Channel("t2"), a.TimedOut.AccessToken));

        var log = await Api.GetAsync<IReadOnlyList<Protocol.Audit.AuditLogEntry>>($"/communities/{c}/audit-log", a.S.Owner.AccessToken);
        foreach (var action in new[] { Protocol.Audit.AuditAction.RoleCreated, Protocol.Audit.AuditAction.MemberRoleAdded, Protocol.Audit.AuditAction.MemberTimedOut, Protocol.Audit.AuditAction.MemberTimeoutRemoved, Protocol.Audit.AuditAction.MemberKicked })
        {
            Assert.Contains(log, e => e.Action == action);
        }
    }

    [Fact]
    public async Task ChannelOverrideDenyingView_HidesTheChannel_AndRevokesTheLiveSubscription()
    {
        var a = await ActorsAsync();
        var s = a.S;
        await using var member = await GatewayConformanceTests.SubscribedAsync(Base, a.WithoutFlags, s.General.Id);
        await Ok(Send(HttpMethod.Put, $"/channels/{s.General.Id}/overrides/role/{a.PlainRole.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.ViewChannels), s.Owner));

        var revoked = await member.WaitForAsync<SubscriptionRevokedEvent>();
        Assert.Equal((s.General.Id, "permissions_changed"), (revoked.ChannelId, revoked.Reason));
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{s.General.Id}/messages", a.WithoutFlags), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Protocol.Channels.Channel>>("/channels", a.WithoutFlags.AccessToken), ch => ch.Id == s.General.Id);
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Protocol.Channels.Channel>>($"/groups/{s.General.GroupId}/channels", a.WithoutFlags.AccessToken), ch => ch.Id == s.General.Id);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Protocol.Channels.Channel>>($"/groups/{s.General.GroupId}/channels", s.Owner.AccessToken), ch => ch.Id == s.General.Id);

        // A member override beats the role's deny; removing the role deny restores everyone.
        await Ok(Send(HttpMethod.Put, $"/channels/{s.General.Id}/overrides/member/{a.WithoutFlags.User.Id}", new SetPermissionOverrideRequest(Allow: CommunityPermissions.ViewChannels), s.Owner));
        await Ok(Send(HttpMethod.Get, $"/channels/{s.General.Id}/messages", a.WithoutFlags));
        var overrides = await Api.GetAsync<IReadOnlyList<PermissionOverride>>($"/channels/{s.General.Id}/overrides", s.Member.AccessToken);
        Assert.Equal(2, overrides.Count);

        // send_messages denied on @everyone at the group: 403 on send, reading still works.
        await Ok(Send(HttpMethod.Put, $"/groups/{s.PublicGroup.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.SendMessages), s.Owner));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("o1"), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("o2"), s.Moderator.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Ok(Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("o2"), s.Admin.AccessToken));
        await Ok(Send(HttpMethod.Delete, $"/groups/{s.PublicGroup.Id}/overrides/role/{s.Community.Id}", s.Owner));
        await Ok(Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("o3"), s.Member.AccessToken));
    }

    [Fact]
    public async Task ChannelEvents_SkipMembersAnOverrideHidesTheChannelFrom()
    {
        var a = await ActorsAsync();
        var s = a.S;
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, a.WithoutFlags.AccessToken);
        await using var _member = member;
        await Ok(Send(HttpMethod.Put, $"/groups/{s.PublicGroup.Id}/overrides/role/{a.PlainRole.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.ViewChannels), s.Owner));
        await Api.PostAsync<Protocol.Channels.CreateChannelRequest, Protocol.Channels.Channel>($"/groups/{s.PublicGroup.Id}/channels", new Protocol.Channels.CreateChannelRequest("hidden-new"), s.Owner.AccessToken, HttpStatusCode.Created);
        await Ok(Send(HttpMethod.Patch, $"/channels/{s.General.Id}", new Protocol.Channels.UpdateChannelRequest(Name: "renamed-hidden"), s.Owner));
        await Ok(Send(HttpMethod.Delete, $"/groups/{s.PublicGroup.Id}/overrides/role/{a.PlainRole.Id}", s.Owner));

        // The positive event after the "nothing arrived" window: a channel the member can see again.
        var marker = await Api.PostAsync<Protocol.Channels.CreateChannelRequest, Protocol.Channels.Channel>($"/groups/{s.PublicGroup.Id}/channels", new Protocol.Channels.CreateChannelRequest("marker"), s.Owner.AccessToken, HttpStatusCode.Created);
        Assert.Equal(marker.Id, (await member.WaitForAsync<ChannelCreatedEvent>(e => e.Channel.Id == marker.Id)).Channel.Id);
        Assert.DoesNotContain(member.RawFrames, f => f.Contains("hidden-new", StringComparison.Ordinal) || f.Contains("renamed-hidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimeoutAndBan_ReachLiveSessions_AtOnce()
    {
        var a = await ActorsAsync();
        var s = a.S;
        await using var target = await GatewayConformanceTests.SubscribedAsync(Base, s.Member, s.General.Id, deviceId: 1);
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Admin, s.General.Id);

        await Ok(Send(HttpMethod.Put, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(2)), s.Moderator));
        var updated = await watcher.WaitForAsync<MemberUpdatedEvent>(e => e.Member.UserId == s.Member.User.Id);
        Assert.NotNull(updated.Member.TimedOutUntil);
        await target.SendAsync(new SendMessageFrame("r1", s.General.Id, MessageConformanceTests.Channel("g1")));
        Assert.Equal(ErrorCodes.TimedOut, (await target.WaitForAsync<ErrorFrame>()).Code);
        await Ok(Send(HttpMethod.Delete, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", s.Moderator));

        var sent = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("b1"), s.Member.AccessToken), HttpStatusCode.Created);
        await Ok(Send(HttpMethod.Put, $"/communities/{s.Community.Id}/bans/{s.Member.User.Id}", new BanRequest("spam") { DeleteMessageHours = 1 }, s.Moderator));
        Assert.Equal(s.General.Id, (await target.WaitForAsync<SubscriptionRevokedEvent>()).ChannelId);
        Assert.Equal(sent.Id, (await watcher.WaitForAsync<MessageDeletedEvent>(e => e.MessageId == sent.Id)).MessageId);
        Assert.Null((await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{sent.Id}", s.Admin.AccessToken)).Envelope);
    }
}

public sealed class RoleSqliteTests(SqliteServerFixture fixture) : RoleConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class RolePostgresTests(PostgresServerFixture fixture) : RoleConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
