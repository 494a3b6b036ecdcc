using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Messages;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// The send path answers its permission checks from a per-node cache (AuthorizationCache). Each test first sends
/// successfully (so the cache holds a "may send" entry), changes the fact behind it through the public API, and checks
/// that the very next send is judged on the new state, exactly as without a cache. One test per kind of write: tracked
/// updates, ExecuteDelete paths and transactions.
/// </summary>
public abstract class SendAuthorizationCacheConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private async Task<CommunityScenario> ScenarioAsync()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        foreach (var user in new[] { s.Owner, s.Admin, s.Moderator, s.Member, s.Outsider })
        {
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        return s;
    }

    private static string Messages(Guid channelId) => $"/channels/{channelId}/messages";

    private async Task SendOkAsync(Guid channelId, string key, string token) =>
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(channelId), MessageConformanceTests.Channel(key), token), HttpStatusCode.Created);

    private Task SendRefusedAsync(Guid channelId, string key, string token, HttpStatusCode status, string code) =>
        Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Messages(channelId), MessageConformanceTests.Channel(key), token), status, code);

    [Fact]
    public async Task Send_AfterRemovalFromGroup_IsRefused()
    {
        var s = await ScenarioAsync();
        await SendOkAsync(s.General.Id, "g1", s.Member.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/groups/{s.PublicGroup.Id}/members/{s.Member.User.Id}", s.Owner.AccessToken)).StatusCode);
        await SendRefusedAsync(s.General.Id, "g2", s.Member.AccessToken, HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Joining again (a public group) restores the right on the next send too.
        (await Api.SendAsync(HttpMethod.Post, $"/groups/{s.PublicGroup.Id}/join", s.Member.AccessToken)).EnsureSuccessStatusCode();
        await SendOkAsync(s.General.Id, "g3", s.Member.AccessToken);
    }

    [Fact]
    public async Task SendOverGateway_AfterLeavingTheCommunity_IsRefused()
    {
        var s = await ScenarioAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, s.Member.AccessToken);
        await using (client)
        {
            await client.SendAsync(new SendMessageFrame("r1", s.General.Id, MessageConformanceTests.Channel("c1")));
            Assert.Equal("r1", (await client.WaitForAsync<MessageSentFrame>()).RequestId);

            (await Api.SendAsync(HttpMethod.Post, $"/communities/{s.Community.Id}/leave", s.Member.AccessToken)).EnsureSuccessStatusCode();
            await client.SendAsync(new SendMessageFrame("r2", s.General.Id, MessageConformanceTests.Channel("c2")));
            var error = await client.WaitForAsync<ErrorFrame>(e => e.RequestId == "r2");
            Assert.Equal(ErrorCodes.NotFound, error.Code);
        }
    }

    [Fact]
    public async Task Send_AfterKickFromCommunity_IsRefused()
    {
        var s = await ScenarioAsync();
        await SendOkAsync(s.General.Id, "k1", s.Member.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}", s.Owner.AccessToken)).StatusCode);
        await SendRefusedAsync(s.General.Id, "k2", s.Member.AccessToken, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Send_AfterChannelArchived_IsRefused_AndAfterUnarchiving_IsAccepted()
    {
        var s = await ScenarioAsync();
        await SendOkAsync(s.General.Id, "a1", s.Member.AccessToken);
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(Archived: true), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await SendRefusedAsync(s.General.Id, "a2", s.Member.AccessToken, HttpStatusCode.Forbidden, ErrorCodes.ChannelArchived);
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(Archived: false), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await SendOkAsync(s.General.Id, "a3", s.Member.AccessToken);
    }

    [Fact]
    public async Task Send_AfterChannelDeleted_IsRefused()
    {
        var s = await ScenarioAsync();
        var channel = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("doomed"), s.Owner.AccessToken, HttpStatusCode.Created);
        await SendOkAsync(channel.Id, "d1", s.Member.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/channels/{channel.Id}", s.Owner.AccessToken)).StatusCode);
        await SendRefusedAsync(channel.Id, "d2", s.Member.AccessToken, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Send_AfterGroupDeleted_IsRefused()
    {
        var s = await ScenarioAsync();
        var group = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("Temp"), s.Owner.AccessToken, HttpStatusCode.Created);
        var general = Assert.Single(await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{group.Id}/channels", s.Owner.AccessToken));
        await SendOkAsync(general.Id, "gd1", s.Admin.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/groups/{group.Id}", s.Owner.AccessToken)).StatusCode);
        await SendRefusedAsync(general.Id, "gd2", s.Admin.AccessToken, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Send_AfterDeviceRemoved_IsRefused_AndAfterRepublishing_IsAccepted()
    {
        var s = await ScenarioAsync();
        await SendOkAsync(s.General.Id, "v1", s.Member.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/keys/devices/1", s.Member.AccessToken)).StatusCode);
        await SendRefusedAsync(s.General.Id, "v2", s.Member.AccessToken, HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Member);
        await SendOkAsync(s.General.Id, "v3", s.Member.AccessToken);
    }

    [Fact]
    public async Task DmSend_AfterBlock_IsRefusedBothWays_AndAfterUnblock_IsAccepted()
    {
        var s = await ScenarioAsync();
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var envelope = new MessageEnvelope(Devices: [new DeviceCiphertext(s.Admin.User.Id, 1, [1, 2])]);
        var back = new MessageEnvelope(Devices: [new DeviceCiphertext(s.Member.User.Id, 1, [3, 4])]);
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("b1", 1, envelope) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("b2", 1, back) { FrankCommitment = new byte[32] }, s.Admin.AccessToken), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Put, $"/users/me/blocks/{s.Member.User.Id}", s.Admin.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("b3", 1, envelope) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Blocked);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("b4", 1, back) { FrankCommitment = new byte[32] }, s.Admin.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Blocked);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/users/me/blocks/{s.Member.User.Id}", s.Admin.AccessToken)).StatusCode);
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, Messages(dm.Id), new SendMessageRequest("b5", 1, envelope) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Send_InReadOnlyChannel_FollowsRoleChanges()
    {
        var s = await ScenarioAsync();
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(ReadOnly: true), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await SendOkAsync(s.General.Id, "m1", s.Moderator.AccessToken);
        await SendRefusedAsync(s.General.Id, "m2", s.Member.AccessToken, HttpStatusCode.Forbidden, ErrorCodes.ChannelReadOnly);

        // Community role changes move moderation rights both ways.
        await CommunityScenario.SetRoleAsync(Api, s.Community.Id, s.Moderator.User.Id, CommunityRole.Member, s.Owner.AccessToken);
        await CommunityScenario.SetRoleAsync(Api, s.Community.Id, s.Member.User.Id, CommunityRole.Moderator, s.Owner.AccessToken);
        await SendRefusedAsync(s.General.Id, "m3", s.Moderator.AccessToken, HttpStatusCode.Forbidden, ErrorCodes.ChannelReadOnly);
        await SendOkAsync(s.General.Id, "m4", s.Member.AccessToken);

        // So do group role changes.
        var promote = await Api.SendAsync(HttpMethod.Put, $"/groups/{s.PublicGroup.Id}/members/{s.Moderator.User.Id}/role", new UpdateGroupMemberRoleRequest(GroupRole.Admin), s.Owner.AccessToken);
        Assert.True(promote.IsSuccessStatusCode, $"promote: {(int)promote.StatusCode}");
        await SendOkAsync(s.General.Id, "m5", s.Moderator.AccessToken);
    }

    [Fact]
    public async Task Send_AfterSlowModeTurnedOn_IsThrottled()
    {
        var s = await ScenarioAsync();
        await SendOkAsync(s.General.Id, "s1", s.Member.AccessToken);
        (await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(SlowModeSeconds: 3600), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await SendRefusedAsync(s.General.Id, "s2", s.Member.AccessToken, HttpStatusCode.TooManyRequests, ErrorCodes.SlowMode);
    }
}

public sealed class SendAuthorizationCacheSqliteTests(SqliteServerFixture fixture) : SendAuthorizationCacheConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class SendAuthorizationCachePostgresTests(PostgresServerFixture fixture) : SendAuthorizationCacheConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
