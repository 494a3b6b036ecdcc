using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The gateway over real WebSockets on Kestrel, on every storage provider.</summary>
public abstract class GatewayConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    private Task<CommunityScenario> ScenarioAsync() => ScenarioWithDevicesAsync(Api);

    /// <summary>A community scenario in which every user has published device 1.</summary>
    internal static async Task<CommunityScenario> ScenarioWithDevicesAsync(ChatalotApi api)
    {
        var s = await CommunityScenario.CreateAsync(api);
        foreach (var user in new[] { s.Owner, s.Admin, s.Moderator, s.Member, s.Outsider })
        {
            await MessageConformanceTests.PublishDeviceAsync(api, user);
        }

        return s;
    }

    private async Task<Message> PostAsync(CommunityScenario s, AuthResponse who, string key, Guid? channel = null) =>
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{channel ?? s.General.Id}/messages", MessageConformanceTests.Channel(key), who.AccessToken), HttpStatusCode.Created);

    internal static async Task<GatewayClient> SubscribedAsync(Uri baseAddress, AuthResponse who, Guid channelId, int? deviceId = null)
    {
        var (client, _) = await GatewayClient.AuthenticateAsync(baseAddress, who.AccessToken, deviceId);
        await client.SendAsync(new SubscribeFrame([channelId]));
        var subscribed = await client.WaitForAsync<SubscribedFrame>();
        Assert.Equal([channelId], subscribed.ChannelIds);
        return client;
    }

    [Fact]
    public async Task Connect_SaysHello_AndAuthenticateReturnsReady()
    {
        var user = await Api.RegisterAsync();
        await using var client = await GatewayClient.ConnectAsync(Base);
        var hello = Assert.IsType<HelloFrame>(await client.ReceiveAsync());
        Assert.Equal(Protocol.ProtocolVersion.Current, hello.ProtocolVersion);
        Assert.True(hello.HeartbeatIntervalMs > 0);
        Assert.Equal(10_000, hello.AuthTimeoutMs);

        await client.SendAsync(new AuthenticateFrame(user.AccessToken));
        var ready = await client.WaitForAsync<ReadyFrame>();
        Assert.Equal(user.User.Id, ready.UserId);

        await client.SendAsync(new HeartbeatFrame());
        await client.WaitForAsync<HeartbeatAckFrame>();
    }

    [Fact]
    public async Task Authenticate_WithABadToken_IsRefusedAndClosed()
    {
        await using var client = await GatewayClient.ConnectAsync(Base);
        await client.ReceiveAsync();
        await client.SendAsync(new AuthenticateFrame("forged.token"));
        var error = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(ErrorCodes.Unauthenticated, error.Code);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(GatewayCloseCodes.AuthenticationRequired, (int)client.Socket.CloseStatus!);
    }

    [Fact]
    public async Task FirstFrameOtherThanAuthenticate_IsRefused()
    {
        await using var client = await GatewayClient.ConnectAsync(Base);
        await client.ReceiveAsync();
        await client.SendAsync(new SubscribeFrame([Guid.NewGuid()]));
        Assert.Equal(ErrorCodes.AuthenticationRequired, (await client.WaitForAsync<ErrorFrame>()).Code);
    }

    [Fact]
    public async Task Subscribe_ToAChannelYouCannotRead_IsRefused()
    {
        var s = await ScenarioAsync();
        var secret = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("S", Visibility: GroupVisibility.Private, Discoverable: false), s.Admin.AccessToken, HttpStatusCode.Created);
        var channel = Assert.Single(await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{secret.Id}/channels", s.Admin.AccessToken));

        var (client, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _ = client;
        await client.SendAsync(new SubscribeFrame([channel.Id, s.General.Id]));
        var error = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.Equal(channel.Id, error.ChannelId);
        Assert.Equal([s.General.Id], (await client.WaitForAsync<SubscribedFrame>()).ChannelIds);
    }

    [Fact]
    public async Task Events_HaveContiguousSequenceNumbers_AndTheSameBytesForEveryRecipient()
    {
        var s = await ScenarioAsync();
        await using var a = await SubscribedAsync(Base, s.Member, s.General.Id);
        await using var b = await SubscribedAsync(Base, s.Moderator, s.General.Id);
        var sent = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await PostAsync(s, s.Admin, "seq" + i)).Id);
        }

        var seqs = new List<long>();
        var aRaw = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var e = await a.WaitForAsync<MessageCreatedEvent>();
            Assert.Equal(sent[i], e.Message.Id);
            seqs.Add(e.Seq);
            aRaw.Add(a.RawFrames[^1]);
        }

        Assert.Equal([seqs[0], seqs[0] + 1, seqs[0] + 2], seqs);
        for (var i = 0; i < 3; i++)
        {
            await b.WaitForAsync<MessageCreatedEvent>(e => e.Message.Id == sent[i]);
            var body = (string x) => x[(x.IndexOf(',', StringComparison.Ordinal) + 1)..];
            Assert.Equal(body(aRaw[i]), body(b.RawFrames[^1]));
            Assert.StartsWith("{\"seq\":", b.RawFrames[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendOverGateway_IsAcknowledgedAfterStoring_AndRetriesDoNotDuplicate()
    {
        var s = await ScenarioAsync();
        await using var sender = await SubscribedAsync(Base, s.Member, s.General.Id);
        await using var watcher = await SubscribedAsync(Base, s.Moderator, s.General.Id);

        var request = MessageConformanceTests.Channel("gw-1");
        await sender.SendAsync(new SendMessageFrame("r1", s.General.Id, request));
        var sent = await sender.WaitForAsync<MessageSentFrame>();
        Assert.Equal("r1", sent.RequestId);
        await sender.SendAsync(new SendMessageFrame("r2", s.General.Id, request));
        var retry = await sender.WaitForAsync<MessageSentFrame>();
        Assert.Equal(sent.Message.Id, retry.Message.Id);

        Assert.Equal(sent.Message.Id, (await watcher.WaitForAsync<MessageCreatedEvent>()).Message.Id);
        var rest = await watcher.DrainAsync(TimeSpan.FromMilliseconds(400));
        Assert.DoesNotContain(rest, f => f is MessageCreatedEvent);
        Assert.Single((await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages", s.Member.AccessToken)).Messages);

        await sender.SendAsync(new SendMessageFrame("r3", Guid.NewGuid(), MessageConformanceTests.Channel("gw-2")));
        var error = await sender.WaitForAsync<ErrorFrame>();
        Assert.Equal(("r3", ErrorCodes.NotFound), (error.RequestId, error.Code));
    }

    [Fact]
    public async Task PipelinedSends_AreAllAcknowledged_StoredAndAnnouncedInSendOrder()
    {
        var s = await ScenarioAsync();
        await using var sender = await SubscribedAsync(Base, s.Member, s.General.Id);
        await using var watcher = await SubscribedAsync(Base, s.Moderator, s.General.Id);

        // Back to back without waiting for any acknowledgement (within the default frame burst; GatewayLimitTests goes
        // past the in-flight limit).
        const int count = 25;
        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(new SendMessageFrame($"p{i}", s.General.Id, MessageConformanceTests.Channel($"pipe-{i}")));
        }

        var acked = new HashSet<string>();
        while (acked.Count < count)
        {
            acked.Add((await sender.WaitForAsync<MessageSentFrame>()).RequestId);
        }

        var announced = new List<Message>();
        while (announced.Count < count)
        {
            announced.Add((await watcher.WaitForAsync<MessageCreatedEvent>()).Message);
        }

        var expected = Enumerable.Range(0, count).Select(i => $"pipe-{i}").ToList();
        Assert.Equal(expected, announced.Select(m => m.IdempotencyKey).ToList());
        // Ids sort by creation, also within one millisecond (RFC 9562 monotonic counter).
        var ids = announced.Select(m => m.Id.ToString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var stored = await Api.GetAsync<MessageList>($"/channels/{s.General.Id}/messages?limit=100", s.Member.AccessToken);
        Assert.Equal(expected, stored.Messages.Select(m => m.IdempotencyKey).ToList());
    }

    [Fact]
    public async Task Resume_AfterADroppedSocket_ReplaysExactlyTheMissedEvents()
    {
        var s = await ScenarioAsync();
        var (client, ready) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await client.SendAsync(new SubscribeFrame([s.General.Id]));
        await client.WaitForAsync<SubscribedFrame>();
        await PostAsync(s, s.Admin, "before-drop");
        var last = (await client.WaitForAsync<MessageCreatedEvent>()).Seq;
        client.Socket.Abort();
        await client.DisposeAsync();

        var missed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await PostAsync(s, s.Admin, "missed" + i)).Id);
        }

        await using var resumed = await GatewayClient.ConnectAsync(Base);
        await resumed.ReceiveAsync();
        await resumed.SendAsync(new ResumeFrame(s.Member.AccessToken, ready.SessionId, last));
        var ack = await resumed.WaitForAsync<ResumedFrame>();
        Assert.Equal(3, ack.ReplayedCount);
        for (var i = 0; i < 3; i++)
        {
            var e = await resumed.WaitForAsync<MessageCreatedEvent>();
            Assert.Equal((missed[i], last + 1 + i), (e.Message.Id, e.Seq));
        }

        var live = await PostAsync(s, s.Admin, "after-resume");
        var next = await resumed.WaitForAsync<MessageCreatedEvent>();
        Assert.Equal((live.Id, last + 4), (next.Message.Id, next.Seq));
    }

    [Fact]
    public async Task Resume_OfAnUnknownSessionOrAnotherUser_IsInvalid()
    {
        var s = await ScenarioAsync();
        var (client, ready) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _ = client;

        await using var other = await GatewayClient.ConnectAsync(Base);
        await other.ReceiveAsync();
        await other.SendAsync(new ResumeFrame(s.Admin.AccessToken, ready.SessionId, 0));
        Assert.Equal(ErrorCodes.ResumeFailed, (await other.WaitForAsync<InvalidSessionFrame>()).Reason);

        await using var unknown = await GatewayClient.ConnectAsync(Base);
        await unknown.ReceiveAsync();
        await unknown.SendAsync(new ResumeFrame(s.Member.AccessToken, Guid.NewGuid(), 0));
        await unknown.WaitForAsync<InvalidSessionFrame>();
    }

    [Fact]
    public async Task KickingAMember_EndsTheirLiveSubscriptionAtOnce()
    {
        var s = await ScenarioAsync();
        await using var member = await SubscribedAsync(Base, s.Member, s.General.Id);
        (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}", s.Moderator.AccessToken)).EnsureSuccessStatusCode();

        var revoked = await member.WaitForAsync<SubscriptionRevokedEvent>();
        Assert.Equal(s.General.Id, revoked.ChannelId);
        await PostAsync(s, s.Admin, "after-kick");
        var frames = await member.DrainAsync(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(frames, f => f is MessageCreatedEvent);
    }

    [Fact]
    public async Task Logout_ClosesTheSessionsConnections()
    {
        var user = await Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, user.AccessToken);
        await using var _ = client;
        (await Api.SendAsync(HttpMethod.Post, "/auth/logout", user.AccessToken)).EnsureSuccessStatusCode();
        var error = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(ErrorCodes.SessionRevoked, error.Code);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(GatewayCloseCodes.SessionRevoked, (int)client.Socket.CloseStatus!);
    }

    [Fact]
    public async Task Suspension_ClosesConnectionsImmediately()
    {
        var user = await Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, user.AccessToken);
        await using var _ = client;
        (await Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/suspend", new SuspendUserRequest(), fixture.Owner.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(ErrorCodes.AccountSuspended, (await client.WaitForAsync<ErrorFrame>()).Code);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(GatewayCloseCodes.SessionRevoked, (int)client.Socket.CloseStatus!);
        Assert.Equal(ErrorCodes.AccountSuspended, client.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task PasswordChange_ClosesTheOtherSessionsConnections_ButNotTheCurrentOne()
    {
        var name = ChatalotApi.NewName();
        var a = await Api.RegisterAsync(name);
        var b = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "correct horse battery"), null);
        var (mine, _) = await GatewayClient.AuthenticateAsync(Base, a.AccessToken);
        await using var m = mine;
        var (other, _) = await GatewayClient.AuthenticateAsync(Base, b.AccessToken);
        await using var o = other;

        (await Api.SendAsync(HttpMethod.Post, "/users/me/password", new ChangePasswordRequest("correct horse battery", "a brand new password"), a.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(ErrorCodes.SessionRevoked, (await other.WaitForAsync<ErrorFrame>()).Code);
        await mine.SendAsync(new HeartbeatFrame());
        await mine.WaitForAsync<HeartbeatAckFrame>();
    }

    [Fact]
    public async Task DmMessages_ReachTheOtherParticipant_WithoutSubscribing()
    {
        var s = await ScenarioAsync();
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var (admin, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken);
        await using var _ = admin;
        var (bystander, _) = await GatewayClient.AuthenticateAsync(Base, s.Moderator.AccessToken);
        await using var b = bystander;
        await bystander.SendAsync(new SubscribeFrame([dm.Id]));
        Assert.Equal(dm.Id, (await bystander.WaitForAsync<ErrorFrame>()).ChannelId);

        var body = new SendMessageRequest("dm1", 1, new MessageEnvelope(Devices: [new DeviceCiphertext(s.Admin.User.Id, 1, [5])])) { FrankCommitment = new byte[32] };
        (await Api.SendAsync(HttpMethod.Post, $"/channels/{dm.Id}/messages", body, s.Member.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(dm.Id, (await admin.WaitForAsync<MessageCreatedEvent>()).Message.ChannelId);
        Assert.DoesNotContain(await bystander.DrainAsync(TimeSpan.FromMilliseconds(400)), f => f is MessageCreatedEvent);
    }

    [Fact]
    public async Task DeletingAChannel_EndsItsSubscriptions()
    {
        var s = await ScenarioAsync();
        var extra = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("temp"), s.Admin.AccessToken, HttpStatusCode.Created);
        await using var member = await SubscribedAsync(Base, s.Member, extra.Id);
        (await Api.SendAsync(HttpMethod.Delete, $"/channels/{extra.Id}", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(extra.Id, (await member.WaitForAsync<ChannelDeletedEvent>()).ChannelId);
        Assert.Equal("channel_deleted", (await member.WaitForAsync<SubscriptionRevokedEvent>()).Reason);
    }

    [Fact]
    public async Task StructureChanges_AreAnnounced_OnlyToThoseWhoMaySeeThem()
    {
        var s = await ScenarioAsync();
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var m = member;
        var (owner, _) = await GatewayClient.AuthenticateAsync(Base, s.Owner.AccessToken);
        await using var o = owner;

        var channel = await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("news"), s.Admin.AccessToken, HttpStatusCode.Created);
        Assert.Equal(channel.Id, (await member.WaitForAsync<ChannelCreatedEvent>()).Channel.Id);

        (await Api.SendAsync(HttpMethod.Patch, $"/communities/{s.Community.Id}", new Protocol.Communities.UpdateCommunityRequest(Name: "Renamed"), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal("Renamed", (await member.WaitForAsync<CommunityUpdatedEvent>()).Community.Name);

        var secret = await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{s.Community.Id}/groups", new CreateGroupRequest("Hidden", Visibility: GroupVisibility.Private, Discoverable: false), s.Admin.AccessToken, HttpStatusCode.Created);
        Assert.Equal(secret.Id, (await owner.WaitForAsync<GroupUpdatedEvent>(e => e.Group.Id == secret.Id)).Group.Id);
        Assert.DoesNotContain(await member.DrainAsync(TimeSpan.FromMilliseconds(400)), f => f is GroupUpdatedEvent g && g.Group.Id == secret.Id);
    }

    [Fact]
    public async Task Typing_IsRelayedOncePerDebounceWindow_WithAnExpiry()
    {
        var s = await ScenarioAsync();
        await using var typist = await SubscribedAsync(Base, s.Member, s.General.Id);
        await using var watcher = await SubscribedAsync(Base, s.Moderator, s.General.Id);
        await typist.SendAsync(new TypingFrame(s.General.Id));
        await typist.SendAsync(new TypingFrame(s.General.Id));
        await typist.SendAsync(new TypingFrame(s.General.Id));
        var typing = await watcher.WaitForAsync<TypingStartedEvent>();
        Assert.Equal(s.Member.User.Id, typing.UserId);
        Assert.True(typing.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.DoesNotContain(await watcher.DrainAsync(TimeSpan.FromMilliseconds(400)), f => f is TypingStartedEvent);
    }

    [Fact]
    public async Task ToDevice_IsPushedToTheDevice_AndAckDeletesIt()
    {
        var s = await ScenarioAsync();
        var (bob, ready) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, deviceId: 1);
        await using var _ = bob;
        Assert.Equal(0, ready.PendingToDevice);
        (await Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Member.User.Id, 1, [9, 9])]), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        var pushed = await bob.WaitForAsync<ToDeviceEvent>();
        Assert.Equal(new byte[] { 9, 9 }, pushed.Message.Payload);
        Assert.Single(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", s.Member.AccessToken));

        await bob.SendAsync(new AckToDeviceFrame([pushed.Message.Id]));
        await bob.SendAsync(new HeartbeatFrame());
        await bob.WaitForAsync<HeartbeatAckFrame>();
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", s.Member.AccessToken));
    }

    [Fact]
    public async Task FetchingBundles_BelowTheThreshold_TellsTheOwnerPrekeysAreLow()
    {
        var s = await ScenarioAsync();
        var (owner, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, deviceId: 1);
        await using var _ = owner;
        (await Api.SendAsync(HttpMethod.Post, $"/users/{s.Member.User.Id}/devices/1/bundle", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        var low = await owner.WaitForAsync<PrekeysLowEvent>();
        Assert.Equal(1, low.DeviceId);
        Assert.Equal(new Protocol.Keys.PrekeyCounts(0, 0), low.Counts);
    }

    [Fact]
    public async Task PendingToDevice_IsDeliveredOnAuthenticate()
    {
        var s = await ScenarioAsync();
        (await Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Member.User.Id, 1, [7])]), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        var (bob, ready) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, deviceId: 1);
        await using var _ = bob;
        Assert.Equal(1, ready.PendingToDevice);
        Assert.Equal(new byte[] { 7 }, (await bob.WaitForAsync<ToDeviceEvent>()).Message.Payload);
    }

    [Fact]
    public async Task Presence_IsSharedWithCommunityMates_AndInvisibleLooksOffline()
    {
        var s = await ScenarioAsync();
        var (watcher, _) = await GatewayClient.AuthenticateAsync(Base, s.Moderator.AccessToken);
        await using var w = watcher;
        var (member, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var m = member;
        Assert.Equal(PresenceStatus.Online, (await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id)).Status);
        // The watcher may see the member's Online twice (its own snapshot after ready races the member's connect
        // broadcast); presence events are idempotent state, so wait for the next distinct status.
        await member.SendAsync(new UpdatePresenceFrame(PresenceStatus.Invisible));
        await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status == PresenceStatus.Offline);
        await member.SendAsync(new UpdatePresenceFrame(PresenceStatus.Dnd));
        var dnd = await watcher.WaitForAsync<PresenceUpdatedEvent>(e => e.UserId == s.Member.User.Id && e.Status != PresenceStatus.Offline);
        Assert.Equal(PresenceStatus.Dnd, dnd.Status);

        // A new connection starts with a snapshot of who is online.
        var (late, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken);
        await using var l = late;
        var snapshot = (await late.WaitForAsync<PresenceSnapshotEvent>()).Users.ToDictionary(u => u.UserId, u => u.Status);

        Assert.Equal(PresenceStatus.Dnd, snapshot[s.Member.User.Id]);
        Assert.Equal(PresenceStatus.Online, snapshot[s.Moderator.User.Id]);
    }

    [Fact]
    public async Task BadFrames_GetTypedErrors_AndTheConnectionSurvives()
    {
        var user = await Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, user.AccessToken);
        await using var _ = client;
        await client.SendRawAsync("{not json");
        Assert.Equal(ErrorCodes.InvalidFrame, (await client.WaitForAsync<ErrorFrame>()).Code);
        await client.SendRawAsync("{\"type\":\"nope\"}");
        Assert.Equal(ErrorCodes.InvalidFrame, (await client.WaitForAsync<ErrorFrame>()).Code);
        await client.SendRawAsync("{\"type\":\"subscribe\",\"channel_ids\":\"x\"}");
        Assert.Equal(ErrorCodes.InvalidFrame, (await client.WaitForAsync<ErrorFrame>()).Code);
        await client.SendAsync(new HeartbeatFrame());
        await client.WaitForAsync<HeartbeatAckFrame>();
    }

    [Fact]
    public async Task Flooding_IsRateLimitedPerConnection()
    {
        var user = await Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, user.AccessToken);
        await using var _ = client;
        for (var i = 0; i < 45; i++)
        {
            await client.SendAsync(new HeartbeatFrame());
        }

        var error = await client.WaitForAsync<ErrorFrame>();
        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        Assert.True(error.RetryAfterMs > 0);
    }

    [Fact]
    public async Task RateLimitedRequest_IsToldWithItsRequestId_SoTheSenderCanRetry()
    {
        var user = await Api.RegisterAsync();
        var (client, _) = await GatewayClient.AuthenticateAsync(Base, user.AccessToken);
        await using var _ = client;
        for (var i = 0; i < 45; i++)
        {
            await client.SendAsync(new HeartbeatFrame());
        }

        // The bucket is empty: this request is dropped unprocessed, and its error names it.
        await client.SendAsync(new DeleteMessageFrame("dropped-1", Guid.NewGuid(), Guid.NewGuid()));
        var error = await client.WaitForAsync<ErrorFrame>(e => e.RequestId == "dropped-1");
        Assert.Equal(ErrorCodes.RateLimited, error.Code);
        Assert.True(error.RetryAfterMs > 0);
    }
}

public sealed class GatewaySqliteTests(SqliteServerFixture fixture) : GatewayConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class GatewayPostgresTests(PostgresServerFixture fixture) : GatewayConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
