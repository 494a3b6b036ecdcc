using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Moderation;
using Chatalot.Protocol.Roles;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Voice state over the raw gateway and REST (calls.md §2): joins, flags, caps, permissions, moderation, access loss and
/// ephemeral to-device sends, on every storage provider. The fixture lowers the caps (3 participants, 1 video).
/// </summary>
public abstract class VoiceConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    internal static async Task<Channel> VoiceChannelAsync(ChatalotApi api, CommunityScenario s) =>
        await api.PostAsync<CreateChannelRequest, Channel>($"/groups/{s.PublicGroup.Id}/channels", new CreateChannelRequest("voice-" + Guid.NewGuid().ToString("N")[..6], ChannelType.Voice), s.Owner.AccessToken, HttpStatusCode.Created);

    /// <summary>A device-1 connection of <paramref name="who"/>, subscribed to <paramref name="channelId"/>.</summary>
    internal static Task<GatewayClient> ConnectAsync(Uri baseAddress, AuthResponse who, Guid channelId) =>
        GatewayConformanceTests.SubscribedAsync(baseAddress, who, channelId, deviceId: 1);

    internal static async Task<VoiceJoinedFrame> JoinAsync(GatewayClient client, Guid channelId, VoiceSelfState? state = null, Guid? resume = null)
    {
        var requestId = "join-" + Guid.NewGuid().ToString("N")[..8];
        await client.SendAsync(new JoinVoiceFrame(requestId, channelId, state, resume));
        var reply = await client.WaitForAsync<ServerFrame>(f => f is VoiceJoinedFrame j && j.RequestId == requestId || f is ErrorFrame e && e.RequestId == requestId);
        return reply is VoiceJoinedFrame joined ? joined : throw new Xunit.Sdk.XunitException($"join_voice refused: {((ErrorFrame)reply).Code}");
    }

    internal static async Task<ErrorFrame> JoinRefusedAsync(GatewayClient client, Guid channelId, VoiceSelfState? state = null)
    {
        var requestId = "join-" + Guid.NewGuid().ToString("N")[..8];
        await client.SendAsync(new JoinVoiceFrame(requestId, channelId, state));
        var reply = await client.WaitForAsync<ServerFrame>(f => f is VoiceJoinedFrame j && j.RequestId == requestId || f is ErrorFrame e && e.RequestId == requestId);
        return Assert.IsType<ErrorFrame>(reply);
    }

    /// <summary>The frames a client receives before the answer to a heartbeat: a "nothing happened" check with a positive end.</summary>
    internal static async Task<List<ServerFrame>> UntilHeartbeatAckAsync(GatewayClient client)
    {
        await client.SendAsync(new HeartbeatFrame());
        var before = new List<ServerFrame>();
        while (true)
        {
            var frame = await client.ReceiveAsync();
            Assert.NotNull(frame);
            if (frame is HeartbeatAckFrame)
            {
                return before;
            }

            before.Add(frame);
        }
    }

    private async Task<CommunityScenario> ScenarioAsync() => await GatewayConformanceTests.ScenarioWithDevicesAsync(Api);

    [Fact]
    public async Task JoinUpdateLeave_ReachAnotherMember()
    {
        var s = await ScenarioAsync();
        var voice = await VoiceChannelAsync(Api, s);
        await using var member = await ConnectAsync(Base, s.Member, voice.Id);
        await using var watcher = await ConnectAsync(Base, s.Moderator, voice.Id);

        var joined = await JoinAsync(member, voice.Id, new VoiceSelfState(SelfMuted: true));
        var me = Assert.Single(joined.State.Participants);
        Assert.Equal((s.Member.User.Id, 1, joined.JoinId, true, false), (me.UserId, me.DeviceId, me.JoinId, me.State.SelfMuted, me.ServerMuted));
        var seen = await watcher.WaitForAsync<VoiceStateUpdatedEvent>();
        Assert.Equal((voice.Id, joined.JoinId), (seen.ChannelId, seen.Participant.JoinId));

        await member.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState(Speaking: true)));
        var updated = await watcher.WaitForAsync<VoiceStateUpdatedEvent>();
        Assert.True(updated.Participant.State.Speaking);
        Assert.False(updated.Participant.State.SelfMuted);
        Assert.Equal(joined.JoinId, Assert.Single((await Api.GetAsync<VoiceChannelState>($"/channels/{voice.Id}/voice", s.Moderator.AccessToken)).Participants).JoinId);

        await member.SendAsync(new LeaveVoiceFrame("leave-1"));
        await member.WaitForAsync<RequestCompletedFrame>(f => f.RequestId == "leave-1");
        var left = await watcher.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((s.Member.User.Id, 1, joined.JoinId, VoiceLeaveReason.Left), (left.UserId, left.DeviceId, left.JoinId, left.Reason));
        Assert.Empty((await Api.GetAsync<VoiceChannelState>($"/channels/{voice.Id}/voice", s.Member.AccessToken)).Participants);

        // Not in a call any more: a leave with a request id and a flag change are told so; the connection stays usable.
        await member.SendAsync(new LeaveVoiceFrame("leave-2"));
        Assert.Equal(ErrorCodes.NotInVoice, (await member.WaitForAsync<ErrorFrame>(e => e.RequestId == "leave-2")).Code);
        await member.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState(Video: true)));
        Assert.Equal(ErrorCodes.NotInVoice, (await member.WaitForAsync<ErrorFrame>()).Code);
        Assert.DoesNotContain(await UntilHeartbeatAckAsync(watcher), f => f is VoiceStateUpdatedEvent);
    }

    [Fact]
    public async Task JoinElsewhere_EndsTheEarlierJoinWithMoved_AndAnotherDeviceTakesOver()
    {
        var s = await ScenarioAsync();
        var first = await VoiceChannelAsync(Api, s);
        var second = await VoiceChannelAsync(Api, s);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Member, 2);
        await using var member = await ConnectAsync(Base, s.Member, first.Id);
        await using var watcher = await ConnectAsync(Base, s.Moderator, first.Id);
        var a = await JoinAsync(member, first.Id);
        var b = await JoinAsync(member, second.Id);
        var moved = await watcher.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((first.Id, a.JoinId, VoiceLeaveReason.Moved), (moved.ChannelId, moved.JoinId, moved.Reason));
        Assert.Equal(b.JoinId, Assert.Single(b.State.Participants).JoinId);

        var (other, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, 2);
        await using var _ = other;
        var c = await JoinAsync(other, second.Id);
        Assert.Equal((s.Member.User.Id, 2), (Assert.Single(c.State.Participants).UserId, c.State.Participants[0].DeviceId));
        Assert.Empty((await Api.GetAsync<VoiceChannelState>($"/channels/{first.Id}/voice", s.Member.AccessToken)).Participants);
    }

    [Fact]
    public async Task DmCall_BothMembersJoin_AndTheOtherHearsWithoutSubscribing()
    {
        var s = await ScenarioAsync();
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var (caller, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, 1);
        await using var __ = caller;
        var (callee, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken, 1);
        await using var ___ = callee;

        var first = await JoinAsync(caller, dm.Id, new VoiceSelfState(Video: true));
        var ring = await callee.WaitForAsync<VoiceStateUpdatedEvent>();
        Assert.Equal((dm.Id, first.JoinId), (ring.ChannelId, ring.Participant.JoinId));
        var second = await JoinAsync(callee, dm.Id);
        Assert.Equal([first.JoinId, second.JoinId], second.State.Participants.Select(p => p.JoinId));
        Assert.Equal(second.JoinId, (await caller.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Admin.User.Id)).Participant.JoinId);

        // A third user cannot even see the DM.
        var (outsider, _) = await GatewayClient.AuthenticateAsync(Base, s.Moderator.AccessToken, 1);
        await using var ____ = outsider;
        Assert.Equal(ErrorCodes.NotFound, (await JoinRefusedAsync(outsider, dm.Id)).Code);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/channels/{dm.Id}/voice", s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, $"/channels/{dm.Id}/voice/participants/{s.Admin.User.Id}", new UpdateVoiceParticipantRequest(true), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task TextChannel_RefusesCalls_AndAJoinWithoutDeviceIsInvalid()
    {
        var s = await ScenarioAsync();
        await using var member = await ConnectAsync(Base, s.Member, s.General.Id);
        Assert.Equal(ErrorCodes.NotVoiceChannel, (await JoinRefusedAsync(member, s.General.Id)).Code);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/channels/{s.General.Id}/voice", s.Member.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.NotVoiceChannel);

        var voice = await VoiceChannelAsync(Api, s);
        var (deviceless, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var _ = deviceless;
        Assert.Equal(ErrorCodes.ValidationFailed, (await JoinRefusedAsync(deviceless, voice.Id)).Code);
    }

    [Fact]
    public async Task Caps_RefuseTheParticipantAndTheCameraOverTheLimit()
    {
        var s = await ScenarioAsync();
        var voice = await VoiceChannelAsync(Api, s);
        await using var owner = await ConnectAsync(Base, s.Owner, voice.Id);
        await using var admin = await ConnectAsync(Base, s.Admin, voice.Id);
        await using var moderator = await ConnectAsync(Base, s.Moderator, voice.Id);
        await using var member = await ConnectAsync(Base, s.Member, voice.Id);

        await JoinAsync(owner, voice.Id, new VoiceSelfState(Video: true));
        Assert.Equal(ErrorCodes.VoiceVideoFull, (await JoinRefusedAsync(admin, voice.Id, new VoiceSelfState(ScreenShare: true))).Code);
        await JoinAsync(admin, voice.Id);
        await admin.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState(Video: true)));
        Assert.Equal(ErrorCodes.VoiceVideoFull, (await admin.WaitForAsync<ErrorFrame>()).Code);
        await JoinAsync(moderator, voice.Id);
        Assert.Equal(ErrorCodes.VoiceFull, (await JoinRefusedAsync(member, voice.Id)).Code);

        // The camera holder may keep it on while changing other flags; once it is off, the slot is free.
        await owner.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState(Video: true, SelfMuted: true)));
        await admin.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Owner.User.Id && e.Participant.State.SelfMuted);
        await owner.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState()));
        await admin.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Owner.User.Id && !e.Participant.State.Video);
        await admin.SendAsync(new UpdateVoiceStateFrame(new VoiceSelfState(Video: true)));
        await owner.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Admin.User.Id && e.Participant.State.Video);
        Assert.Equal(3, (await Api.GetAsync<VoiceChannelState>($"/channels/{voice.Id}/voice", s.Member.AccessToken)).Participants.Count);
    }

    [Fact]
    public async Task ConnectVoiceAndSpeak_DecideJoiningAndServerMute()
    {
        var s = await ScenarioAsync();
        var closed = await VoiceChannelAsync(Api, s);
        var quiet = await VoiceChannelAsync(Api, s);
        (await Api.SendAsync(HttpMethod.Put, $"/channels/{closed.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.ConnectVoice), s.Owner.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, $"/channels/{quiet.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.Speak), s.Owner.AccessToken)).EnsureSuccessStatusCode();
        await using var member = await ConnectAsync(Base, s.Member, closed.Id);

        Assert.Equal(ErrorCodes.Forbidden, (await JoinRefusedAsync(member, closed.Id)).Code);
        var joined = await JoinAsync(member, quiet.Id);
        Assert.True(Assert.Single(joined.State.Participants).ServerMuted);

        // The moderator rank keeps its preset flags whatever the @everyone override says.
        await using var admin = await ConnectAsync(Base, s.Admin, closed.Id);
        Assert.False(Assert.Single((await JoinAsync(admin, closed.Id)).State.Participants).ServerMuted);
    }

    [Fact]
    public async Task TimedOutMember_CannotJoin_AndATimeoutMidCallRemovesThem()
    {
        var s = await ScenarioAsync();
        var voice = await VoiceChannelAsync(Api, s);
        await using var member = await ConnectAsync(Base, s.Member, voice.Id);
        await using var watcher = await ConnectAsync(Base, s.Admin, voice.Id);
        var joined = await JoinAsync(member, voice.Id);

        (await Api.SendAsync(HttpMethod.Put, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}/timeout", new TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1)), s.Moderator.AccessToken)).EnsureSuccessStatusCode();
        var left = await watcher.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((joined.JoinId, VoiceLeaveReason.AccessLost), (left.JoinId, left.Reason));
        var refused = await JoinRefusedAsync(member, voice.Id);
        Assert.Equal(ErrorCodes.TimedOut, refused.Code);
        Assert.NotNull(refused.RetryAfterMs);
    }

    [Fact]
    public async Task KickAndChannelDeletion_EndTheirJoinsWithAccessLost()
    {
        var s = await ScenarioAsync();
        var voice = await VoiceChannelAsync(Api, s);
        await using var member = await ConnectAsync(Base, s.Member, voice.Id);
        await using var moderator = await ConnectAsync(Base, s.Moderator, voice.Id);
        await using var watcher = await ConnectAsync(Base, s.Admin, voice.Id);
        var kicked = await JoinAsync(member, voice.Id);
        var deleted = await JoinAsync(moderator, voice.Id);

        (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/members/{s.Member.User.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        var left = await watcher.WaitForAsync<VoiceParticipantLeftEvent>();
        Assert.Equal((kicked.JoinId, VoiceLeaveReason.AccessLost), (left.JoinId, left.Reason));

        (await Api.SendAsync(HttpMethod.Delete, $"/channels/{voice.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        left = await moderator.WaitForAsync<VoiceParticipantLeftEvent>(e => e.UserId == s.Moderator.User.Id);
        Assert.Equal((deleted.JoinId, VoiceLeaveReason.AccessLost), (left.JoinId, left.Reason));
    }

    [Fact]
    public async Task Moderator_ServerMutesAndDisconnects_MembersBelow_AndIsAudited()
    {
        var s = await ScenarioAsync();
        var voice = await VoiceChannelAsync(Api, s);
        await using var member = await ConnectAsync(Base, s.Member, voice.Id);
        await using var moderator = await ConnectAsync(Base, s.Moderator, voice.Id);
        await using var admin = await ConnectAsync(Base, s.Admin, voice.Id);
        var joined = await JoinAsync(member, voice.Id);
        await JoinAsync(moderator, voice.Id);
        await JoinAsync(admin, voice.Id);
        var path = $"/channels/{voice.Id}/voice/participants/";

        // Not a moderator, or not above the target: refused.
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, path + s.Moderator.User.Id, new UpdateVoiceParticipantRequest(true), s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, path + s.Moderator.User.Id, s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, path + s.Admin.User.Id, new UpdateVoiceParticipantRequest(true), s.Moderator.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Patch, path + s.Owner.User.Id, new UpdateVoiceParticipantRequest(true), s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var muted = await Api.ExpectAsync<VoiceParticipant>(await Api.SendAsync(HttpMethod.Patch, path + s.Member.User.Id, new UpdateVoiceParticipantRequest(true), s.Moderator.AccessToken));
        Assert.Equal((joined.JoinId, true), (muted.JoinId, muted.ServerMuted));
        Assert.True((await member.WaitForAsync<VoiceStateUpdatedEvent>(e => e.Participant.UserId == s.Member.User.Id)).Participant.ServerMuted);

        // A server mute outlives a rejoin.
        await member.SendAsync(new LeaveVoiceFrame("l"));
        await member.WaitForAsync<RequestCompletedFrame>();
        Assert.True(Assert.Single((await JoinAsync(member, voice.Id)).State.Participants, p => p.UserId == s.Member.User.Id).ServerMuted);

        (await Api.SendAsync(HttpMethod.Delete, path + s.Member.User.Id, s.Moderator.AccessToken)).EnsureSuccessStatusCode();
        var left = await admin.WaitForAsync<VoiceParticipantLeftEvent>(e => e.UserId == s.Member.User.Id && e.Reason != VoiceLeaveReason.Left);
        Assert.Equal(VoiceLeaveReason.RemovedByModerator, left.Reason);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, path + s.Member.User.Id, s.Moderator.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var log = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/communities/{s.Community.Id}/audit-log", s.Owner.AccessToken);
        Assert.Contains(log, e => e.Action == AuditAction.VoiceMemberMuted && e.TargetUserId == s.Member.User.Id && e.TargetId == voice.Id);
        Assert.Contains(log, e => e.Action == AuditAction.VoiceMemberDisconnected && e.ActorId == s.Moderator.User.Id);
    }

    [Fact]
    public async Task CommunityVoice_ListsTheOccupiedChannelsTheCallerCanRead()
    {
        var s = await ScenarioAsync();
        var open = await VoiceChannelAsync(Api, s);
        var hidden = await VoiceChannelAsync(Api, s);
        var empty = await VoiceChannelAsync(Api, s);
        (await Api.SendAsync(HttpMethod.Put, $"/channels/{hidden.Id}/overrides/role/{s.Community.Id}", new SetPermissionOverrideRequest(Deny: CommunityPermissions.ViewChannels), s.Owner.AccessToken)).EnsureSuccessStatusCode();
        await using var admin = await ConnectAsync(Base, s.Admin, open.Id);
        await using var moderator = await ConnectAsync(Base, s.Moderator, open.Id);
        await JoinAsync(admin, hidden.Id);
        await JoinAsync(moderator, open.Id);

        var seen = await Api.GetAsync<IReadOnlyList<VoiceChannelState>>($"/communities/{s.Community.Id}/voice", s.Member.AccessToken);
        Assert.Equal([open.Id], seen.Select(c => c.ChannelId));
        var all = await Api.GetAsync<IReadOnlyList<VoiceChannelState>>($"/communities/{s.Community.Id}/voice", s.Owner.AccessToken);
        Assert.Equal(new[] { open.Id, hidden.Id }.Order(), all.Select(c => c.ChannelId).Order());
        Assert.DoesNotContain(all, c => c.ChannelId == empty.Id);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/communities/{s.Community.Id}/voice", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task EphemeralToDevice_IsDeliveredLive_AndNeverStored()
    {
        var s = await ScenarioAsync();
        var (recipient, _) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken, 1);
        await using var __ = recipient;
        var (sender, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken, 1);
        await using var ___ = sender;

        var rest = await Api.PostAsync<SendToDeviceRequest, ToDeviceSendResult>("/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 1, [1, 2, 3])], Ephemeral: true), s.Member.AccessToken);
        var delivered = await recipient.WaitForAsync<ToDeviceEvent>();
        Assert.Equal((Assert.Single(rest.MessageIds), s.Member.User.Id), (delivered.Message.Id, delivered.Message.SenderUserId));
        Assert.Equal([1, 2, 3], delivered.Message.Payload);

        await sender.SendAsync(new SendToDeviceFrame("e1", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 1, [4])], Ephemeral: true)));
        var sent = await sender.WaitForAsync<ToDeviceSentFrame>(f => f.RequestId == "e1");
        Assert.Equal(Assert.Single(sent.Result.MessageIds), (await recipient.WaitForAsync<ToDeviceEvent>()).Message.Id);

        // The same checks as a stored send: an unknown device is refused.
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 9, [1])], Ephemeral: true), s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        await using (var scope = fixture.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            Assert.Equal(0, await db.ToDeviceMessages.CountAsync(m => m.RecipientUserId == s.Admin.User.Id));
        }

        (await Api.SendAsync(HttpMethod.Post, "/to-device/1/ack", new AckToDeviceRequest([delivered.Message.Id]), s.Admin.AccessToken)).EnsureSuccessStatusCode();
        await recipient.SendAsync(new AckToDeviceFrame([.. sent.Result.MessageIds], "a1"));
        await recipient.WaitForAsync<RequestCompletedFrame>(f => f.RequestId == "a1");
        var (later, ready) = await GatewayClient.AuthenticateAsync(Base, s.Admin.AccessToken, 1);
        await using var ____ = later;
        Assert.Equal(0, ready.PendingToDevice);
    }
}

/// <summary>The fixture of the voice suites: caps lowered so a scenario's four members reach them.</summary>
public abstract class VoiceServerFixture(ChatalotDatabaseProvider provider) : ServerFixture(provider, o => o with { Voice = o.Voice with { MaxParticipants = 3, MaxVideoParticipants = 1 } });

public sealed class VoiceSqliteFixture() : VoiceServerFixture(ChatalotDatabaseProvider.Sqlite);

public sealed class VoicePostgresFixture() : VoiceServerFixture(ChatalotDatabaseProvider.PostgreSql);

public sealed class VoiceSqliteTests(VoiceSqliteFixture fixture) : VoiceConformanceTests(fixture), IClassFixture<VoiceSqliteFixture>;

public sealed class VoicePostgresTests(VoicePostgresFixture fixture) : VoiceConformanceTests(fixture), IClassFixture<VoicePostgresFixture>;
