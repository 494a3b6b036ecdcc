using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Groups;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The role/permission matrix of docs/protocol/permissions.md, on every storage provider.</summary>
public abstract class PermissionMatrixConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, AuthResponse who) => Api.SendAsync(method, path, who.AccessToken);

    private Task<HttpResponseMessage> Send<T>(HttpMethod method, string path, T body, AuthResponse who) => Api.SendAsync(method, path, body, who.AccessToken);

    private static async Task Status(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Community_ReadNeedsMembership_UpdateNeedsAdmin()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var path = $"/communities/{s.Community.Id}";
        var community = await Api.GetAsync<Community>(path, s.Member.AccessToken);
        Assert.Equal(CommunityRole.Member, community.MyRole);
        Assert.Equal(4, community.MemberCount);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, path, s.Outsider), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var update = new UpdateCommunityRequest(Description: "new");
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, path, update, s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, path, update, s.Moderator), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal("new", (await Api.ExpectAsync<Community>(await Send(HttpMethod.Patch, path, update, s.Admin))).Description);
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, path, update, s.Outsider), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Community_DeleteAndTransfer_AreOwnerOnly()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var path = $"/communities/{s.Community.Id}";
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, path, s.Admin), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, path + "/transfer-ownership", new TransferOwnershipRequest(s.Admin.User.Id), s.Admin), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, path + "/leave", s.Owner), HttpStatusCode.Conflict, ErrorCodes.Conflict);

        await Status(Send(HttpMethod.Post, path + "/transfer-ownership", new TransferOwnershipRequest(s.Member.User.Id), s.Owner), HttpStatusCode.NoContent);
        Assert.Equal(CommunityRole.Owner, (await Api.GetAsync<Community>(path, s.Member.AccessToken)).MyRole);
        Assert.Equal(CommunityRole.Admin, (await Api.GetAsync<Community>(path, s.Owner.AccessToken)).MyRole);
        await Status(Send(HttpMethod.Delete, path, s.Member), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, path, s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{s.General.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Roles_ActorsActOnlyBelowThemselves()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var c = s.Community.Id;
        string Role(AuthResponse who) => $"/communities/{c}/members/{who.User.Id}/role";

        await Api.ExpectProblemAsync(Send(HttpMethod.Put, Role(s.Member), new UpdateMemberRoleRequest(CommunityRole.Moderator), s.Moderator), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, Role(s.Member), new UpdateMemberRoleRequest(CommunityRole.Admin), s.Admin), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, Role(s.Owner), new UpdateMemberRoleRequest(CommunityRole.Member), s.Admin), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, Role(s.Member), new UpdateMemberRoleRequest(CommunityRole.Owner), s.Owner), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Status(Send(HttpMethod.Put, Role(s.Member), new UpdateMemberRoleRequest(CommunityRole.Moderator), s.Admin), HttpStatusCode.NoContent);
        await Status(Send(HttpMethod.Put, Role(s.Member), new UpdateMemberRoleRequest(CommunityRole.Member), s.Admin), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Kick_NeedsModerator_AndAHigherRole()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        string Member(AuthResponse who) => $"/communities/{s.Community.Id}/members/{who.User.Id}";
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, Member(s.Moderator), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, Member(s.Admin), s.Moderator), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Status(Send(HttpMethod.Delete, Member(s.Member), s.Moderator), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/communities/{s.Community.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{s.General.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Ban_RemovesTheMember_AndBlocksRejoiningUntilUnbanned()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var c = s.Community.Id;
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{c}/invites", new CreateInviteRequest(), s.Moderator.AccessToken, HttpStatusCode.Created);
        await Status(Send(HttpMethod.Put, $"/communities/{c}/bans/{s.Member.User.Id}", new BanRequest("spam"), s.Moderator), HttpStatusCode.NoContent);
        Assert.Equal("spam", Assert.Single(await Api.GetAsync<IReadOnlyList<CommunityBan>>($"/communities/{c}/bans", s.Moderator.AccessToken)).Reason);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/communities/{c}/bans", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", s.Member), HttpStatusCode.Forbidden, ErrorCodes.Banned);

        await Status(Send(HttpMethod.Delete, $"/communities/{c}/bans/{s.Member.User.Id}", s.Moderator), HttpStatusCode.NoContent);
        await Status(Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", s.Member), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invites_CreateNeedsCreateInvites_ListNeedsManageInvites_UsesAreCapped()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var c = s.Community.Id;
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/communities/{c}/invites", new CreateInviteRequest(), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/communities/{c}/invites", s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Status(Send(HttpMethod.Get, $"/communities/{c}/invites", s.Moderator), HttpStatusCode.OK); // manage_invites is in the moderator preset
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/communities/{c}/invites", new CreateInviteRequest(ExpiresInHours: 0), s.Admin), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);

        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{c}/invites", new CreateInviteRequest(MaxUses: 1, ExpiresInHours: 24), s.Moderator.AccessToken, HttpStatusCode.Created);
        Assert.Equal(12, invite.Code.Length);
        var preview = await Api.GetAsync<InvitePreview>($"/invites/{invite.Code}", s.Outsider.AccessToken);
        Assert.Null(preview.CommunityName);
        var accepted = await Api.ExpectAsync<InvitePreview>(await Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", s.Outsider));
        Assert.Equal(s.Community.Name, accepted.CommunityName);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/invites/{invite.Code}", s.Outsider), HttpStatusCode.NotFound, ErrorCodes.InviteInvalid);
        var late = await Api.RegisterAsync();
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", late), HttpStatusCode.NotFound, ErrorCodes.InviteInvalid);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Invite>>($"/communities/{c}/invites", s.Admin.AccessToken), i => i.Id == invite.Id && i.Uses == 1);
        await Status(Send(HttpMethod.Delete, $"/communities/{c}/invites/{invite.Id}", s.Admin), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Groups_CreateNeedsCommunityAdmin_PublicGroupsAutoJoin()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var c = s.Community.Id;
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/communities/{c}/groups", new CreateGroupRequest("Mine"), s.Moderator), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var group = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{c}/groups", new CreateGroupRequest("Open"), s.Admin.AccessToken, HttpStatusCode.Created);
        Assert.Contains((await Api.GetAsync<GroupMemberList>($"/groups/{group.Id}/members", s.Member.AccessToken)).Members, m => m.UserId == s.Member.User.Id);
        Assert.Equal(GroupRole.Member, (await Api.GetAsync<Group>($"/groups/{s.PublicGroup.Id}", s.Member.AccessToken)).MyRole);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/groups/{group.Id}", s.Outsider), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task PrivateGroups_AreInvisibleAndClosed_UntilAGroupInvite()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var c = s.Community.Id;
        var secret = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{c}/groups", new CreateGroupRequest("Secret", Visibility: GroupVisibility.Private, Discoverable: false), s.Admin.AccessToken, HttpStatusCode.Created);
        var channel = Assert.Single(await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{secret.Id}/channels", s.Admin.AccessToken));

        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Group>>($"/communities/{c}/groups", s.Member.AccessToken), g => g.Id == secret.Id);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/groups/{secret.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/groups/{secret.Id}/join", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        // The original's W1: joining a private channel by id. Here a channel id alone grants nothing.
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{channel.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        // Community admins manage every group of their community.
        Assert.Equal(channel.Id, (await Api.GetAsync<Channel>($"/channels/{channel.Id}", s.Owner.AccessToken)).Id);

        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/groups/{secret.Id}/invites", new CreateInviteRequest(), s.Moderator), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/groups/{secret.Id}/invites", new CreateInviteRequest(), s.Admin.AccessToken, HttpStatusCode.Created);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", s.Outsider), HttpStatusCode.Forbidden, ErrorCodes.InviteInvalid);
        // The preview names the community to its member, but not a group the member can't see yet.
        var preview = await Api.GetAsync<InvitePreview>($"/invites/{invite.Code}", s.Member.AccessToken);
        Assert.Equal((s.Community.Name, (string?)null), (preview.CommunityName, preview.GroupName));
        Assert.Equal("Secret", (await Api.GetAsync<InvitePreview>($"/invites/{invite.Code}", s.Admin.AccessToken)).GroupName);
        var accepted = await Api.ExpectAsync<InvitePreview>(await Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", s.Member));
        Assert.Equal("Secret", accepted.GroupName);
        Assert.Equal(channel.Id, (await Api.GetAsync<Channel>($"/channels/{channel.Id}", s.Member.AccessToken)).Id);

        await Status(Send(HttpMethod.Post, $"/groups/{secret.Id}/leave", s.Member), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{channel.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Channels_CreateAndManageNeedGroupAdmin()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var g = s.PublicGroup.Id;
        // The original's W2: creating channels without group rights.
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/groups/{g}/channels", new CreateChannelRequest("x"), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/groups/{g}/channels", new CreateChannelRequest("x"), s.Moderator), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"/groups/{g}/channels", new CreateChannelRequest("x", ChannelType.Dm), s.Admin), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        var voice = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{g}/channels", new CreateChannelRequest("talk", ChannelType.Voice, "chat"), s.Admin.AccessToken, HttpStatusCode.Created);
        Assert.Equal(ChannelType.Voice, voice.Type);

        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, $"/channels/{voice.Id}", new UpdateChannelRequest(Topic: "t"), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, $"/channels/{voice.Id}", new UpdateChannelRequest(SlowModeSeconds: 100_000), s.Admin), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        var updated = await Api.ExpectAsync<Channel>(await Send(HttpMethod.Patch, $"/channels/{voice.Id}", new UpdateChannelRequest(Topic: "t", ReadOnly: true, SlowModeSeconds: 5, Archived: false), s.Admin));
        Assert.True(updated.ReadOnly);
        Assert.Equal(5, updated.SlowModeSeconds);
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, $"/channels/{voice.Id}", s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Status(Send(HttpMethod.Delete, $"/channels/{voice.Id}", s.Admin), HttpStatusCode.NoContent);
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Channel>>("/channels", s.Member.AccessToken), ch => ch.Id == voice.Id);
    }

    [Fact]
    public async Task Dms_NeedASharedCommunityAndNoBlock_AndAreReadableOnlyByTheTwo()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Member.User.Id), s.Outsider), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var dm = await Api.ExpectAsync<Channel>(await Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Member.User.Id), s.Moderator));
        var again = await Api.ExpectAsync<Channel>(await Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Moderator.User.Id), s.Member));
        Assert.Equal(dm.Id, again.Id);
        Assert.Equal(ChannelType.Dm, dm.Type);
        Assert.Contains(s.Member.User.Id, dm.DmUserIds!);

        // The original's W1: anyone could join a DM by id.
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{dm.Id}", s.Admin), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Channel>>("/dms", s.Member.AccessToken), c => c.Id == dm.Id);

        await Status(Send(HttpMethod.Put, $"/users/me/blocks/{s.Admin.User.Id}", s.Member), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Member.User.Id), s.Admin), HttpStatusCode.Forbidden, ErrorCodes.Blocked);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Blocked);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, "/dms", new CreateDmRequest(s.Member.User.Id), s.Member), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task GroupManagement_FollowsTheGroupRoles()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var group = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("Team", Visibility: GroupVisibility.Private), s.Admin.AccessToken, HttpStatusCode.Created);
        var g = $"/groups/{group.Id}";
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"{g}/invites", new CreateInviteRequest(), s.Admin.AccessToken, HttpStatusCode.Created);
        foreach (var who in new[] { s.Member, s.Moderator })
        {
            await Status(Send(HttpMethod.Post, $"/invites/{invite.Code}/accept", who), HttpStatusCode.OK);
        }

        // Private but discoverable: community members see it listed; members manage nothing.
        Assert.Contains(await Api.GetAsync<IReadOnlyList<Group>>($"/communities/{s.Community.Id}/groups", s.Owner.AccessToken), x => x.Id == group.Id);
        await Api.ExpectProblemAsync(Send(HttpMethod.Patch, g, new UpdateGroupRequest(Name: "x"), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"{g}/members/{s.Moderator.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // The group owner (the community admin who created it) appoints a group admin.
        await Status(Send(HttpMethod.Put, $"{g}/members/{s.Member.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), s.Admin), HttpStatusCode.NoContent);
        Assert.Equal("Renamed", (await Api.ExpectAsync<Group>(await Send(HttpMethod.Patch, g, new UpdateGroupRequest(Name: "Renamed"), s.Member))).Name);
        await Api.ExpectProblemAsync(Send(HttpMethod.Put, $"{g}/members/{s.Moderator.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Single(await Api.GetAsync<IReadOnlyList<Invite>>($"{g}/invites", s.Member.AccessToken));
        await Status(Send(HttpMethod.Delete, $"{g}/invites/{invite.Id}", s.Member), HttpStatusCode.NoContent);

        // A group admin removes a plain member; never the owner.
        await Status(Send(HttpMethod.Delete, $"{g}/members/{s.Moderator.User.Id}", s.Member), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Delete, $"{g}/members/{s.Admin.User.Id}", s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.DoesNotContain((await Api.GetAsync<GroupMemberList>($"{g}/members", s.Member.AccessToken)).Members, m => m.UserId == s.Moderator.User.Id);

        // Ownership moves to a member; only the owner (or a community admin) deletes.
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"{g}/transfer-ownership", new TransferOwnershipRequest(s.Member.User.Id), s.Member), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Status(Send(HttpMethod.Post, $"{g}/transfer-ownership", new TransferOwnershipRequest(s.Member.User.Id), s.Admin), HttpStatusCode.NoContent);
        Assert.Equal(GroupRole.Owner, (await Api.GetAsync<Group>(g, s.Member.AccessToken)).MyRole);
        await Api.ExpectProblemAsync(Send(HttpMethod.Post, $"{g}/leave", s.Member), HttpStatusCode.Conflict, ErrorCodes.Conflict);
        await Status(Send(HttpMethod.Delete, g, s.Member), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, g, s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Members_CanLeave_AndLoseAccess()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Status(Send(HttpMethod.Post, $"/communities/{s.Community.Id}/leave", s.Member), HttpStatusCode.NoContent);
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<Community>>("/communities", s.Member.AccessToken), c => c.Id == s.Community.Id);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{s.General.Id}", s.Member), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Status(Send(HttpMethod.Post, $"/groups/{s.PublicGroup.Id}/leave", s.Moderator), HttpStatusCode.NoContent);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/channels/{s.General.Id}", s.Moderator), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(GroupRole.Member, (await Api.ExpectAsync<Group>(await Send(HttpMethod.Post, $"/groups/{s.PublicGroup.Id}/join", s.Moderator))).MyRole);
        Assert.Equal(s.General.Id, (await Api.GetAsync<Channel>($"/channels/{s.General.Id}", s.Moderator.AccessToken)).Id);
    }

    [Fact]
    public async Task MemberList_PagesByCursor()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var first = await Api.GetAsync<MemberList>($"/communities/{s.Community.Id}/members?limit=3", s.Member.AccessToken);
        Assert.Equal(3, first.Members.Count);
        Assert.True(first.Page.HasMore);
        var second = await Api.GetAsync<MemberList>($"/communities/{s.Community.Id}/members?limit=3&after={first.Page.NextCursor}", s.Member.AccessToken);
        Assert.Single(second.Members);
        Assert.False(second.Page.HasMore);
        Assert.Equal(4, first.Members.Concat(second.Members).Select(m => m.UserId).Distinct().Count());
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"/communities/{s.Community.Id}/members?limit=0", s.Member), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task GroupMemberList_PagesByCursor()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var g = $"/groups/{s.PublicGroup.Id}/members";
        var all = (await Api.GetAsync<GroupMemberList>(g, s.Member.AccessToken)).Members;
        Assert.True(all.Count >= 3, "the public group holds every community member");
        var first = await Api.GetAsync<GroupMemberList>($"{g}?limit=2", s.Member.AccessToken);
        Assert.Equal(2, first.Members.Count);
        Assert.True(first.Page.HasMore);
        var rest = await Api.GetAsync<GroupMemberList>($"{g}?limit=500&after={first.Page.NextCursor}", s.Member.AccessToken);
        Assert.False(rest.Page.HasMore);
        Assert.Equal(all.Select(m => m.UserId).Order(), first.Members.Concat(rest.Members).Select(m => m.UserId).Order());
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"{g}?limit=0", s.Member), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Send(HttpMethod.Get, $"{g}?after=not-a-uuid", s.Member), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
    }
}

public sealed class PermissionMatrixSqliteTests(SqliteServerFixture fixture) : PermissionMatrixConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class PermissionMatrixPostgresTests(PostgresServerFixture fixture) : PermissionMatrixConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
