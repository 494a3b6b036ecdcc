using Chatalot.Client;
using Chatalot.Client.Voice;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol.Voice;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Calls through the SDK against a real server (calls.md): voice state reaching every member's client, end-to-end
/// encrypted signalling between participants, the receiving checks that drop signals from outside the call, DM rings,
/// moderator actions, and a dropped connection that keeps its join.
/// </summary>
public sealed class CallTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>Three members of a group with a voice channel, connected (so subscribed to it) and reading its community's voice state.</summary>
    private async Task<(Party Alice, Party Bob, Party Carol, Space Space, ChannelId Voice)> VoiceChannelAsync()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var owner = alice.Client.Rest;
        var community = new CommunityId((await owner.CreateCommunityAsync(new CreateCommunityRequest("Calls"))).Id);
        var group = new GroupId((await owner.CreateGroupAsync(community, new CreateGroupRequest("Lobby"))).Id);
        var general = new ChannelId(Assert.Single(await owner.GetGroupChannelsAsync(group)).Id);
        var voice = new ChannelId((await owner.CreateChannelAsync(group, new CreateChannelRequest("Lounge", ChannelType.Voice))).Id);
        var invite = await owner.CreateCommunityInviteAsync(community);
        foreach (var member in new[] { bob, carol })
        {
            await member.Client.Rest.AcceptInviteAsync(invite.Code);
            await member.Client.Rest.JoinGroupAsync(group);
        }

        foreach (var party in new[] { alice, bob, carol })
        {
            await party.Client.ConnectAsync();
            await party.Client.Voice.GetCommunityStatesAsync(community);
        }

        return (alice, bob, carol, new Space(community, group, general), voice);
    }

    [Fact]
    public async Task JoinFlagsAndLeave_ReachTheOtherMembers()
    {
        var (alice, bob, carol, _, voice) = await VoiceChannelAsync();

        var call = await alice.Client.Voice.JoinAsync(voice);
        Assert.Equal(call, alice.Client.Voice.Current);
        var seen = await bob.ExpectAsync<VoiceStateChanged>(e => e.ChannelId == voice && e.Participant.UserId == alice.Id.Value);
        Assert.Equal(call.JoinId, seen.Participant.JoinId);
        Assert.False(seen.IsSelf);

        await alice.Client.Voice.UpdateStateAsync(new VoiceSelfState(SelfMuted: true, Video: true));
        await carol.ExpectAsync<VoiceStateChanged>(e => e.Participant.UserId == alice.Id.Value && e.Participant.State.SelfMuted && e.Participant.State.Video);
        Assert.True(Assert.Single(carol.Client.Voice.ParticipantsOf(voice)).State.SelfMuted);

        await alice.Client.Voice.LeaveAsync();
        var left = await bob.ExpectAsync<VoiceParticipantLeft>(e => e.JoinId == call.JoinId);
        Assert.Equal(VoiceLeaveReason.Left, left.Reason);
        await alice.ExpectAsync<VoiceParticipantLeft>(e => e.JoinId == call.JoinId && e.IsSelf);
        Assert.Null(alice.Client.Voice.Current);
        await carol.WaitUntilAsync(() => carol.Client.Voice.ParticipantsOf(voice).Count == 0, "alice is gone from the roster");
    }

    [Fact]
    public async Task Signals_TravelEndToEnd_BetweenParticipants()
    {
        var (alice, bob, _, _, voice) = await VoiceChannelAsync();
        var aliceCall = await alice.Client.Voice.JoinAsync(voice);
        var bobCall = await bob.Client.Voice.JoinAsync(voice);
        var aliceAsSeen = Assert.Single(bob.Client.Voice.ParticipantsOf(voice), p => p.UserId == alice.Id.Value);

        // The newcomer offers; the offer arrives decrypted, from bob's join, for alice's join.
        const string Offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 AB:CD\r\n";
        await bob.Client.Voice.SendSignalAsync(aliceAsSeen, new CallSignal { Type = CallSignalType.Offer, JoinId = Guid.Empty, Sdp = Offer });
        var offer = await alice.ExpectAsync<CallSignalReceived>(e => e.Signal.Type == CallSignalType.Offer);
        Assert.Equal(Offer, offer.Signal.Sdp);
        Assert.Equal(bobCall.JoinId, offer.Signal.JoinId);
        Assert.Equal(aliceCall.JoinId, offer.Signal.TargetJoinId);
        Assert.Equal(bob.Id.Value, offer.From.UserId);

        await alice.Client.Voice.SendSignalAsync(offer.From, new CallSignal { Type = CallSignalType.Answer, JoinId = Guid.Empty, Sdp = "v=0\r\nanswer" });
        await alice.Client.Voice.SendSignalAsync(offer.From, new CallSignal
        {
            Type = CallSignalType.Candidates,
            JoinId = Guid.Empty,
            Candidates = [new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0)],
        });
        await bob.ExpectAsync<CallSignalReceived>(e => e.Signal.Type == CallSignalType.Answer);
        var candidates = await bob.ExpectAsync<CallSignalReceived>(e => e.Signal.Type == CallSignalType.Candidates);
        Assert.Equal("0", Assert.Single(candidates.Signal.Candidates!).SdpMid);

        // Nothing of it was stored: the inboxes are empty although nobody acknowledged anything.
        Assert.Empty(await alice.Client.Rest.GetToDeviceInboxAsync(alice.Client.CoreForTests!.Device, 10));
        Assert.Empty(await bob.Client.Rest.GetToDeviceInboxAsync(bob.Client.CoreForTests!.Device, 10));
    }

    [Fact]
    public async Task Signals_FromOutsideTheCall_OrForAnotherJoin_AreDropped()
    {
        var (alice, bob, carol, _, voice) = await VoiceChannelAsync();
        var aliceCall = await alice.Client.Voice.JoinAsync(voice);
        await bob.Client.Voice.JoinAsync(voice);
        await carol.ExpectAsync<VoiceStateChanged>(e => e.Participant.UserId == alice.Id.Value);

        // Carol is not in the call: the SDK will not signal for her, so she seals one by hand, as a modified client would.
        var notInCall = await Assert.ThrowsAsync<ChatalotClientException>(() => carol.Client.Voice.SendSignalAsync(
            Assert.Single(carol.Client.Voice.ParticipantsOf(voice), p => p.UserId == alice.Id.Value), new CallSignal { Type = CallSignalType.Offer, JoinId = Guid.Empty, Sdp = "v=0" }));
        Assert.Equal(ClientErrorCodes.NotInCall, notInCall.Code);
        await SendRawSignalAsync(carol, alice, voice, new CallSignal { Type = CallSignalType.Offer, JoinId = Guid.NewGuid(), TargetJoinId = aliceCall.JoinId, Sdp = "v=0 from carol" });

        // Bob is in the call, but names a join alice no longer (or never) had.
        var bobJoin = bob.Client.Voice.Current!.JoinId;
        await alice.ExpectAsync<VoiceStateChanged>(e => e.Participant.JoinId == bobJoin);
        await SendRawSignalAsync(bob, alice, voice, new CallSignal { Type = CallSignalType.Offer, JoinId = bobJoin, TargetJoinId = Guid.NewGuid(), Sdp = "v=0 stale" });

        // A genuine signal after both: once it arrives, the earlier ones have been processed (the inbox is in order).
        await bob.Client.Voice.SendSignalAsync(Assert.Single(bob.Client.Voice.ParticipantsOf(voice), p => p.UserId == alice.Id.Value), new CallSignal { Type = CallSignalType.Offer, JoinId = Guid.Empty, Sdp = "v=0 genuine" });
        await alice.ExpectAsync<CallSignalReceived>(e => e.Signal.Sdp == "v=0 genuine");
        Assert.Single(alice.Seen.OfType<CallSignalReceived>());
    }

    [Fact]
    public async Task DmCall_RingsEveryDevice_DeclineReachesTheCaller_AndAnAnswerStopsTheOtherDevice()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync());
        var bobPhone = await _harness.AddDeviceAsync(bob);
        var dm = new ChannelId((await alice.Client.Rest.OpenDirectChannelAsync(bob.Id)).Id);

        var first = await alice.Client.Voice.RingAsync(dm, video: true);
        var ring = await bob.ExpectAsync<CallRinging>(e => e.Call.CallerJoinId == first.JoinId);
        Assert.True(ring.Call.Video);
        Assert.Equal(alice.Id, ring.Call.Caller);
        await bobPhone.ExpectAsync<CallRinging>(e => e.Call.CallerJoinId == first.JoinId);

        await bob.Client.Voice.DeclineAsync(ring.Call);
        await alice.ExpectAsync<CallDeclined>(e => e.ChannelId == dm && e.UserId == bob.Id);
        Assert.Equal(CallRingEndReason.Declined, (await bob.ExpectAsync<CallRingEnded>(e => e.Call.CallerJoinId == first.JoinId)).Reason);
        Assert.Equal(CallRingEndReason.Declined, (await bobPhone.ExpectAsync<CallRingEnded>(e => e.Call.CallerJoinId == first.JoinId)).Reason);

        // Alice tries again; bob answers on his first device, and the phone stops ringing.
        await alice.Client.Voice.LeaveAsync();
        var second = await alice.Client.Voice.RingAsync(dm);
        var again = await bob.ExpectAsync<CallRinging>(e => e.Call.CallerJoinId == second.JoinId);
        await bobPhone.ExpectAsync<CallRinging>(e => e.Call.CallerJoinId == second.JoinId);
        await bob.Client.Voice.AcceptAsync(again.Call);
        Assert.Equal(CallRingEndReason.Answered, (await bob.ExpectAsync<CallRingEnded>(e => e.Call.CallerJoinId == second.JoinId)).Reason);
        Assert.Equal(CallRingEndReason.AnsweredElsewhere, (await bobPhone.ExpectAsync<CallRingEnded>(e => e.Call.CallerJoinId == second.JoinId)).Reason);
        await alice.ExpectAsync<VoiceStateChanged>(e => e.ChannelId == dm && e.Participant.UserId == bob.Id.Value);
        Assert.Empty(bobPhone.Client.Voice.Ringing);
    }

    [Fact]
    public async Task Moderator_ServerMutes_AndDisconnects()
    {
        var (alice, bob, carol, _, voice) = await VoiceChannelAsync();
        await bob.Client.Voice.JoinAsync(voice);
        await carol.Client.Voice.JoinAsync(voice);

        await alice.Client.Voice.SetServerMutedAsync(voice, bob.Id, muted: true);
        await carol.ExpectAsync<VoiceStateChanged>(e => e.Participant.UserId == bob.Id.Value && e.Participant.ServerMuted);

        // Carol holds no moderator permission.
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => carol.Client.Voice.DisconnectAsync(voice, bob.Id));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);

        await alice.Client.Voice.DisconnectAsync(voice, bob.Id);
        var removed = await bob.ExpectAsync<VoiceParticipantLeft>(e => e.IsSelf);
        Assert.Equal(VoiceLeaveReason.RemovedByModerator, removed.Reason);
        Assert.Null(bob.Client.Voice.Current);
        await carol.ExpectAsync<VoiceParticipantLeft>(e => e.UserId == bob.Id && e.Reason == VoiceLeaveReason.RemovedByModerator);
    }

    [Fact]
    public async Task DroppedConnection_ThatResumes_KeepsItsJoin()
    {
        var (alice, bob, _, _, voice) = await VoiceChannelAsync();
        var call = await alice.Client.Voice.JoinAsync(voice);
        await bob.Client.Voice.JoinAsync(voice);

        alice.Client.GatewayForTests!.DropConnectionForTests();
        await alice.WaitUntilAsync(
            () => alice.Seen.SkipWhile(e => e is not ConnectionStateChanged { Current: ConnectionState.Reconnecting }).OfType<ConnectionStateChanged>().Any(c => c.Current == ConnectionState.Connected),
            "alice reconnected");

        // A flag change after the reconnect is the positive event: bob saw it, and no departure of alice before it.
        await alice.Client.Voice.UpdateStateAsync(new VoiceSelfState(SelfDeafened: true));
        await bob.ExpectAsync<VoiceStateChanged>(e => e.Participant.UserId == alice.Id.Value && e.Participant.State.SelfDeafened);
        Assert.DoesNotContain(bob.Seen.OfType<VoiceParticipantLeft>(), e => e.UserId == alice.Id);
        Assert.Equal(call.JoinId, alice.Client.Voice.Current!.JoinId);
    }

    [Fact]
    public async Task TextChannel_CannotBeJoined()
    {
        var (alice, _, _, space, _) = await VoiceChannelAsync();
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => alice.Client.Voice.JoinAsync(space.General));
        Assert.Equal(Chatalot.Protocol.Errors.ErrorCodes.NotVoiceChannel, refused.Code);
        Assert.Null(alice.Client.Voice.Current);
    }

    /// <summary>Seals a call signal with the sender's real pairwise session, bypassing the SDK's own checks.</summary>
    private static async Task SendRawSignalAsync(Party from, Party to, ChannelId channel, CallSignal signal)
    {
        var core = from.Client.CoreForTests!;
        var target = to.Client.CoreForTests!.Device;
        var plaintext = ContentCodec.Encode(new DevicePayload
        {
            Kind = DevicePayloadKind.CallSignal,
            Sender = new ContentSender(from.Id.Value, core.Device.Value),
            Conversation = new ConversationRef(ConversationKind.Channel, channel.Value),
            Call = signal,
        });
        await core.Sessions.EnsureAsync(to.Id, target, CancellationToken.None);
        var ciphertext = await core.Sessions.EncryptAsync(to.Id, target, plaintext, CancellationToken.None);
        await core.Transport.SendToDeviceAsync(new SendToDeviceRequest(core.Device.Value, [new ToDeviceEnvelope(to.Id.Value, target.Value, ciphertext)], Ephemeral: true), CancellationToken.None);
    }
}
