using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Threads, pins, read states, the user picker and live channels (issue 12), on every storage provider.</summary>
public abstract class ConversationConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    private async Task<Message> PostAsync(CommunityScenario s, AuthResponse who, string key, Guid? threadRoot = null, Guid? channel = null) =>
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{channel ?? s.General.Id}/messages",
            MessageConformanceTests.Channel(key) with { ThreadRootId = threadRoot }, who.AccessToken), HttpStatusCode.Created);

    [Fact]
    public async Task Thread_PagesItsReplies_AndTheRootCarriesCountAndLastReply()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Admin, s.General.Id);
        var root = await PostAsync(s, s.Member, "root");
        var other = await PostAsync(s, s.Member, "other");
        var r1 = await PostAsync(s, s.Admin, "r1", root.Id);
        Assert.Equal(root.Id, r1.ThreadRootId);
        Assert.Equal(root.Id, (await watcher.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == r1.Id)).Message.ThreadRootId);
        var updated = await watcher.WaitForAsync<ThreadUpdatedEvent>(e => e.RootId == root.Id);
        Assert.Equal((s.General.Id, 1, r1.CreatedAt), (updated.ChannelId, updated.ReplyCount, updated.LastReplyAt!.Value));
        var r2 = await PostAsync(s, s.Member, "r2", root.Id);

        var thread = await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages?thread={root.Id}", s.Member.AccessToken);
        Assert.Equal([r1.Id, r2.Id], thread.Messages.Select(m => m.Id));
        var all = await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages", s.Member.AccessToken);
        Assert.Equal([root.Id, other.Id, r1.Id, r2.Id], all.Messages.Select(m => m.Id));
        var listedRoot = all.Messages[0];
        Assert.Equal((2, r2.CreatedAt), (listedRoot.ThreadReplyCount, listedRoot.ThreadLastReplyAt));
        Assert.Equal(0, all.Messages[1].ThreadReplyCount);
        Assert.Equal(2, (await Api.GetAsync<Message>($"/channels/{s.General.Id}/messages/{root.Id}", s.Member.AccessToken)).ThreadReplyCount);

        (await Api.SendAsync(HttpMethod.Delete, $"/channels/{s.General.Id}/messages/{r2.Id}", s.Member.AccessToken)).EnsureSuccessStatusCode();
        var afterDelete = await watcher.WaitForAsync<ThreadUpdatedEvent>(e => e.RootId == root.Id && e.ReplyCount == 1);
        Assert.Equal(r1.CreatedAt, afterDelete.LastReplyAt);
    }

    [Fact]
    public async Task Thread_RootMustBeInTheChannelAndNotAThreadReply()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var root = await PostAsync(s, s.Member, "root");
        var reply = await PostAsync(s, s.Member, "reply", root.Id);
        var path = $"/channels/{s.General.Id}/messages";
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("nested") with { ThreadRootId = reply.Id }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel("nowhere") with { ThreadRootId = Guid.NewGuid() }, s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?thread={Guid.NewGuid()}", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/channels/{s.General.Id}/threads", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Threads_ListedNewestActivityFirst_AndPaged()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var (a, b, c) = (await PostAsync(s, s.Member, "a"), await PostAsync(s, s.Member, "b"), await PostAsync(s, s.Member, "c"));
        await PostAsync(s, s.Member, "a1", a.Id);
        await PostAsync(s, s.Member, "b1", b.Id);
        await PostAsync(s, s.Member, "a2", a.Id);
        var cReply = await PostAsync(s, s.Member, "c1", c.Id);
        var first = await Api.GetAsync<ThreadList>($"/channels/{s.General.Id}/threads?limit=2", s.Member.AccessToken);
        Assert.Equal([c.Id, a.Id], first.Threads.Select(t => t.Root.Id));
        Assert.True(first.HasMore);
        Assert.Equal(cReply.Id, first.Threads[0].LastReplyId);
        Assert.Equal(2, first.Threads[1].Root.ThreadReplyCount);
        var second = await Api.GetAsync<ThreadList>($"/channels/{s.General.Id}/threads?limit=2&before={first.Threads[^1].LastReplyId}", s.Member.AccessToken);
        Assert.Equal([b.Id], second.Threads.Select(t => t.Root.Id));
        Assert.False(second.HasMore);
    }

    [Fact]
    public async Task Pins_ModeratorsPin_IdempotentPut_EventsAndNewestFirst()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await using var watcher = await GatewayConformanceTests.SubscribedAsync(Base, s.Member, s.General.Id);
        var (m1, m2) = (await PostAsync(s, s.Member, "m1"), await PostAsync(s, s.Member, "m2"));
        var pins = $"/channels/{s.General.Id}/pins";
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"{pins}/{m1.Id}", s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"{pins}/{m1.Id}", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"{pins}/{Guid.NewGuid()}", s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var pin = await Api.ExpectAsync<ChannelPin>(await Api.SendAsync(HttpMethod.Put, $"{pins}/{m1.Id}", s.Moderator.AccessToken));
        Assert.Equal((m1.Id, s.Moderator.User.Id), (pin.MessageId, pin.PinnedBy));
        var evt = await watcher.WaitForAsync<MessagePinnedEvent>();
        Assert.Equal((s.General.Id, m1.Id, s.Moderator.User.Id, pin.PinnedAt), (evt.ChannelId, evt.MessageId, evt.PinnedBy, evt.PinnedAt));
        Assert.Equal(pin, await Api.ExpectAsync<ChannelPin>(await Api.SendAsync(HttpMethod.Put, $"{pins}/{m1.Id}", s.Admin.AccessToken)));
        await Api.ExpectAsync<ChannelPin>(await Api.SendAsync(HttpMethod.Put, $"{pins}/{m2.Id}", s.Owner.AccessToken));
        Assert.Equal([m2.Id, m1.Id], (await Api.GetAsync<IReadOnlyList<ChannelPin>>(pins, s.Member.AccessToken)).Select(p => p.MessageId));

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"{pins}/{m2.Id}", s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"{pins}/{m2.Id}", s.Moderator.AccessToken)).StatusCode);
        Assert.Equal(m2.Id, (await watcher.WaitForAsync<MessageUnpinnedEvent>()).MessageId);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"{pins}/{m2.Id}", s.Moderator.AccessToken)).StatusCode);

        // Deleting a pinned message unpins it; a deleted message cannot be pinned.
        (await Api.SendAsync(HttpMethod.Delete, $"/channels/{s.General.Id}/messages/{m1.Id}", s.Member.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(m1.Id, (await watcher.WaitForAsync<MessageUnpinnedEvent>()).MessageId);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ChannelPin>>(pins, s.Member.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"{pins}/{m1.Id}", s.Moderator.AccessToken), HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Pins_AtMostFiftyPerChannel_EvenWhenRaced()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var messages = new List<Message>();
        for (var i = 0; i < ChatalotLimits.PinsPerChannelMax + 5; i++)
        {
            messages.Add(await PostAsync(s, s.Member, $"p{i}"));
        }

        var pins = $"/channels/{s.General.Id}/pins";
        for (var i = 0; i < ChatalotLimits.PinsPerChannelMax - 3; i++)
        {
            (await Api.SendAsync(HttpMethod.Put, $"{pins}/{messages[i].Id}", s.Moderator.AccessToken)).EnsureSuccessStatusCode();
        }

        var raced = await Task.WhenAll(messages.Skip(ChatalotLimits.PinsPerChannelMax - 3).Select(m => Api.SendAsync(HttpMethod.Put, $"{pins}/{m.Id}", s.Moderator.AccessToken)));
        foreach (var response in raced.Where(r => !r.IsSuccessStatusCode))
        {
            await ChatalotApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.PinLimitReached);
        }

        Assert.InRange((await Api.GetAsync<IReadOnlyList<ChannelPin>>(pins, s.Member.AccessToken)).Count, 1, ChatalotLimits.PinsPerChannelMax);
        await Api.ExpectProblemAsync(FillThenPinAsync(), HttpStatusCode.UnprocessableEntity, ErrorCodes.PinLimitReached);

        async Task<HttpResponseMessage> FillThenPinAsync()
        {
            foreach (var m in messages.Take(ChatalotLimits.PinsPerChannelMax))
            {
                var response = await Api.SendAsync(HttpMethod.Put, $"{pins}/{m.Id}", s.Moderator.AccessToken);
                Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.UnprocessableEntity);
            }

            var pinned = (await Api.GetAsync<IReadOnlyList<ChannelPin>>(pins, s.Member.AccessToken)).Select(p => p.MessageId).ToHashSet();
            Assert.Equal(ChatalotLimits.PinsPerChannelMax, pinned.Count);
            return await Api.SendAsync(HttpMethod.Put, $"{pins}/{messages.First(m => !pinned.Contains(m.Id)).Id}", s.Moderator.AccessToken);
        }
    }

    [Fact]
    public async Task Pins_InADm_EitherParticipantPins()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var message = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{dm.Id}/messages",
            new SendMessageRequest("dm1", 1, new MessageEnvelope(Devices: [new DeviceCiphertext(s.Admin.User.Id, 1, [1, 2, 3])])) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
        await Api.ExpectAsync<ChannelPin>(await Api.SendAsync(HttpMethod.Put, $"/channels/{dm.Id}/pins/{message.Id}", s.Admin.AccessToken));
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/channels/{dm.Id}/pins/{message.Id}", s.Member.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, $"/channels/{dm.Id}/pins/{message.Id}", s.Owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task ReadState_MovesOnlyForward_AndReachesTheUsersOtherSessions()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        var (m1, m2) = (await PostAsync(s, s.Admin, "m1"), await PostAsync(s, s.Admin, "m2"));
        var otherDevice = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(s.Member.User.Username, "correct horse battery"), null);
        var (phone, _) = await GatewayClient.AuthenticateAsync(Base, otherDevice.AccessToken);
        await using var _phone = phone;
        var (stranger, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken);
        await using var _stranger = stranger;

        var path = $"/channels/{s.General.Id}/read-state";
        var before = (await Api.GetAsync<IReadOnlyList<ReadState>>("/users/me/read-states", s.Member.AccessToken)).Single(r => r.ChannelId == s.General.Id);
        Assert.Equal((null, m2.Id), (before.LastReadMessageId, before.LastMessageId));

        var state = await Api.ExpectAsync<ReadState>(await Api.SendAsync(HttpMethod.Put, path, new UpdateReadStateRequest(m2.Id), s.Member.AccessToken));
        Assert.Equal((m2.Id, m2.Id), (state.LastReadMessageId, state.LastMessageId));
        var evt = await phone.WaitForAsync<ReadStateUpdatedEvent>();
        Assert.Equal((s.General.Id, m2.Id), (evt.ChannelId, evt.LastReadMessageId));

        var back = await Api.ExpectAsync<ReadState>(await Api.SendAsync(HttpMethod.Put, path, new UpdateReadStateRequest(m1.Id), s.Member.AccessToken));
        Assert.Equal(m2.Id, back.LastReadMessageId);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, path, new UpdateReadStateRequest(Guid.NewGuid()), s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, path, new UpdateReadStateRequest(m1.Id), s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.DoesNotContain(await stranger.DrainAsync(TimeSpan.FromMilliseconds(300)), f => f is ReadStateUpdatedEvent);
        Assert.DoesNotContain(await phone.DrainAsync(TimeSpan.FromMilliseconds(300)), f => f is ReadStateUpdatedEvent);
    }

    [Fact]
    public async Task MarkAll_MovesEveryCursorToTheNewestMessage_OfOneCommunityOrAll()
    {
        var s = await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);
        await PostAsync(s, s.Admin, "m1");
        var newest = await PostAsync(s, s.Admin, "m2");
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var dmMessage = await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{dm.Id}/messages",
            new SendMessageRequest("dm1", 1, new MessageEnvelope(Devices: [new DeviceCiphertext(s.Member.User.Id, 1, [1, 2, 3])])) { FrankCommitment = new byte[32] }, s.Admin.AccessToken), HttpStatusCode.Created);

        var community = await Api.ExpectAsync<IReadOnlyList<ReadState>>(await Api.SendAsync(HttpMethod.Post, "/users/me/read-states/mark-all", new MarkAllReadRequest(s.Community.Id), s.Member.AccessToken));
        Assert.Equal(newest.Id, community.Single(r => r.ChannelId == s.General.Id).LastReadMessageId);
        Assert.DoesNotContain(community, r => r.ChannelId == dm.Id);
        var states = await Api.GetAsync<IReadOnlyList<ReadState>>("/users/me/read-states", s.Member.AccessToken);
        Assert.Null(states.Single(r => r.ChannelId == dm.Id).LastReadMessageId);

        var all = await Api.ExpectAsync<IReadOnlyList<ReadState>>(await Api.SendAsync(HttpMethod.Post, "/users/me/read-states/mark-all", s.Member.AccessToken));
        Assert.Equal(dmMessage.Id, all.Single(r => r.ChannelId == dm.Id).LastReadMessageId);
        Assert.All(all, r => Assert.Equal(r.LastMessageId, r.LastReadMessageId));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/users/me/read-states/mark-all", new MarkAllReadRequest(s.Community.Id), s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task UserSearch_FindsCommunityMatesByPrefix_NeverStrangers()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var found = await Api.GetAsync<IReadOnlyList<User>>($"/users/search?q={s.Admin.User.Username[..6].ToUpperInvariant()}", s.Member.AccessToken);
        Assert.Contains(found, u => u.Id == s.Admin.User.Id);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<User>>($"/users/search?q={s.Outsider.User.Username}", s.Member.AccessToken));
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<User>>($"/users/search?q={s.Member.User.Username}", s.Member.AccessToken), u => u.Id == s.Member.User.Id);
        Assert.Contains(await Api.GetAsync<IReadOnlyList<User>>($"/users/search?q={s.Outsider.User.Username}", fixture.Owner.AccessToken), u => u.Id == s.Outsider.User.Id);
        Assert.True((await Api.GetAsync<IReadOnlyList<User>>("/users/search?q=u&limit=2", fixture.Owner.AccessToken)).Count <= 2);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/search?q=", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/users/search?q=a&limit=26", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Channels_CreatedRenamedReorderedDeletedByOthers_ReachUnsubscribedMembersAtOnce()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _member = member;

        var created = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("news"), s.Owner.AccessToken, HttpStatusCode.Created);
        Assert.Equal(created.Id, (await member.WaitForAsync<ChannelCreatedEvent>()).Channel.Id);
        await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Patch, $"/channels/{created.Id}", new UpdateChannelRequest(Name: "headlines", Position: 0), s.Owner.AccessToken));
        await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Patch, $"/channels/{s.General.Id}", new UpdateChannelRequest(Position: 5), s.Owner.AccessToken));
        Assert.Equal("headlines", (await member.WaitForAsync<ChannelUpdatedEvent>(e => e.Channel.Id == created.Id)).Channel.Name);
        Assert.Equal(5, (await member.WaitForAsync<ChannelUpdatedEvent>(e => e.Channel.Id == s.General.Id)).Channel.Position);
        Assert.Equal([created.Id, s.General.Id], (await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{s.PublicGroup.Id}/channels", s.Member.AccessToken)).Select(c => c.Id));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"/channels/{created.Id}", new UpdateChannelRequest(Position: ChatalotLimits.ChannelPositionMax + 1), s.Owner.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"/channels/{created.Id}", new UpdateChannelRequest(Position: 1), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        (await Api.SendAsync(HttpMethod.Delete, $"/channels/{created.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(created.Id, (await member.WaitForAsync<ChannelDeletedEvent>()).ChannelId);
        var group = await Api.PostAsync<Protocol.Groups.CreateGroupRequest, Protocol.Groups.Group>($"/communities/{s.Community.Id}/groups", new Protocol.Groups.CreateGroupRequest("Later"), s.Owner.AccessToken, HttpStatusCode.Created);
        Assert.Equal(group.Id, (await member.WaitForAsync<GroupUpdatedEvent>(e => e.Group.Id == group.Id)).Group.Id);
        (await Api.SendAsync(HttpMethod.Delete, $"/groups/{group.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(group.Id, (await member.WaitForAsync<GroupDeletedEvent>()).GroupId);
    }

    [Fact]
    public async Task Community_SaysWhoMayMentionEveryone()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var path = $"/communities/{s.Community.Id}";
        Assert.False((await Api.GetAsync<Community>(path, s.Member.AccessToken)).CanMentionEveryone);
        Assert.True((await Api.GetAsync<Community>(path, s.Moderator.AccessToken)).CanMentionEveryone);
        Assert.True((await Api.GetAsync<Community>(path, s.Owner.AccessToken)).CanMentionEveryone);

        // The flag decides, not the rank: a custom role granting mention_everyone lets a plain member use it.
        var role = await Api.PostAsync<Protocol.Roles.CreateRoleRequest, Protocol.Roles.Role>($"{path}/roles",
            new Protocol.Roles.CreateRoleRequest("announcer", null, Protocol.Roles.CommunityPermissions.MentionEveryone), s.Owner.AccessToken, HttpStatusCode.Created);
        (await Api.SendAsync(HttpMethod.Put, $"{path}/members/{s.Member.User.Id}/roles/{role.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        Assert.True((await Api.GetAsync<Community>(path, s.Member.AccessToken)).CanMentionEveryone);
        Assert.True((await Api.GetAsync<IReadOnlyList<Community>>("/communities", s.Member.AccessToken)).Single(x => x.Id == s.Community.Id).CanMentionEveryone);
    }
}

public sealed class ConversationSqliteTests(SqliteServerFixture fixture) : ConversationConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class ConversationPostgresTests(PostgresServerFixture fixture) : ConversationConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
