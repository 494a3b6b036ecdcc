using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Messages.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol.Voice;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Voice.Internal;

/// <summary>
/// This device's calls (calls.md): its join, the voice state it knows, and end-to-end encrypted signalling. Signals go
/// out sealed over the pairwise session to listed devices only, as ephemeral to-device messages; signals in are
/// raised only when they come from a participant of this device's call and name its current join.
/// </summary>
internal sealed partial class VoiceSession(
    UserId self,
    DeviceId device,
    ChatalotRestClient rest,
    ClientTransport transport,
    PairwiseSessions sessions,
    DeviceDirectory directory,
    EventHub events,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private static readonly TimeSpan IceRefreshMargin = TimeSpan.FromMinutes(5);
    private readonly VoiceRoster _roster = new();
    private readonly HashSet<Guid> _watchedCommunities = [];
    private readonly Lock _lock = new();
    private VoiceCall? _current;
    private int _statePending;
    private IceServerConfig? _ice;
    private CallRings? _rings;

    public VoiceCall? Current => Volatile.Read(ref _current);

    public IReadOnlyList<IncomingCall> Ringing => Rings.Ringing;

    private CallRings Rings => _rings ??= new CallRings(time, (call, reason) => Publish(new CallRingEnded { Call = call, Reason = reason }));

    public IReadOnlyList<VoiceParticipant> ParticipantsOf(ChannelId channel) => _roster.Of(channel.Value);

    public async Task<VoiceChannelState> GetStateAsync(ChannelId channel, CancellationToken cancellationToken)
    {
        var state = await rest.GetVoiceStateAsync(channel, cancellationToken).ConfigureAwait(false);
        Apply(state);
        return state;
    }

    public async Task<IReadOnlyList<VoiceChannelState>> GetCommunityStatesAsync(CommunityId community, CancellationToken cancellationToken)
    {
        var states = await rest.GetCommunityVoiceStatesAsync(community, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _watchedCommunities.Add(community.Value);
        }

        foreach (var state in states)
        {
            Apply(state);
        }

        return states;
    }

    public async Task<VoiceCall> JoinAsync(ChannelId channel, VoiceSelfState? state, Guid? resumeJoinId, CancellationToken cancellationToken)
    {
        var flags = state ?? new VoiceSelfState();
        var joined = await transport.RequestOverGatewayAsync(
            id => new JoinVoiceFrame(id, channel.Value, flags, resumeJoinId),
            reply => (VoiceJoinedFrame)reply,
            cancellationToken).ConfigureAwait(false);
        var call = new VoiceCall(channel, joined.JoinId, flags);
        Volatile.Write(ref _current, call);
        Apply(joined.State);
        Rings.End(r => r.ChannelId == channel, CallRingEndReason.Answered);
        return call;
    }

    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (Current is null)
        {
            return;
        }

        await transport.RequestOverGatewayAsync(id => new LeaveVoiceFrame(id), _ => true, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, null);
    }

    /// <summary>
    /// Sends this device's flags. While the gateway is down they are kept and sent when it is back (a mute pressed
    /// during a network blip still happens), so only the server's refusals surface.
    /// </summary>
    public async Task UpdateStateAsync(VoiceSelfState state, CancellationToken cancellationToken)
    {
        var call = Current ?? throw NotInCall("Join a call before changing its flags.");
        Interlocked.CompareExchange(ref _current, call with { State = state }, call);
        Volatile.Write(ref _statePending, 1);
        await FlushStateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A gateway session started: a fresh one rejoins (with the latest flags); a resumed one sends flags set while it was down.</summary>
    public async Task OnSessionStartedAsync(bool resumed, CancellationToken cancellationToken)
    {
        if (resumed)
        {
            await FlushStateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await OnFreshSessionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushStateAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Exchange(ref _statePending, 0) == 1 && Current is { } call)
        {
            try
            {
                await transport.RequestOverGatewayAsync(id => new UpdateVoiceStateFrame(call.State, id), _ => true, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotConnectionException)
            {
                // Sent again when the next gateway session starts.
                Volatile.Write(ref _statePending, 1);
                return;
            }
        }
    }

    public async Task<IceServerConfig> GetIceServersAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ice) is { } cached && cached.ExpiresAt - time.GetUtcNow() > IceRefreshMargin)
        {
            return cached;
        }

        var fresh = await rest.GetIceServersAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _ice, fresh);
        return fresh;
    }

    public async Task SendSignalAsync(VoiceParticipant to, CallSignal signal, CancellationToken cancellationToken)
    {
        var call = Current ?? throw NotInCall("Join a call before signalling.");
        if (_roster.Find(call.ChannelId.Value, to.JoinId) is not { } participant || participant.UserId != to.UserId || participant.DeviceId != to.DeviceId)
        {
            throw NotInCall("The recipient is not a participant of this device's call.");
        }

        var kind = await KindOfAsync(call.ChannelId, cancellationToken).ConfigureAwait(false);
        await SendAsync([(new UserId(to.UserId), new DeviceId(to.DeviceId))], call.ChannelId, kind, signal with { JoinId = call.JoinId, TargetJoinId = to.JoinId }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VoiceCall> RingAsync(ChannelId dm, bool video, CancellationToken cancellationToken)
    {
        var partner = await PartnerOfAsync(dm, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotVoiceChannel, "Only a DM can ring.");
        var call = await JoinAsync(dm, new VoiceSelfState(Video: video), resumeJoinId: null, cancellationToken).ConfigureAwait(false);
        var devices = await directory.DevicesOfAsync([partner], cancellationToken).ConfigureAwait(false);
        await SendAsync(devices, dm, ConversationKind.Dm, new CallSignal { Type = CallSignalType.Ring, JoinId = call.JoinId, Video = video }, cancellationToken).ConfigureAwait(false);
        return call;
    }

    public async Task DeclineAsync(IncomingCall call, CancellationToken cancellationToken)
    {
        Rings.End(r => r.CallerJoinId == call.CallerJoinId, CallRingEndReason.Declined);

        // The caller learns it, and this account's other devices stop ringing.
        var ownDevices = await directory.DevicesOfAsync([self], cancellationToken).ConfigureAwait(false);
        var decline = new CallSignal { Type = CallSignalType.Decline, JoinId = call.CallerJoinId, TargetJoinId = call.CallerJoinId };
        await SendAsync([(call.Caller, call.CallerDevice), .. ownDevices], call.ChannelId, ConversationKind.Dm, decline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A gateway voice event; runs on the receive loop, so it only updates state and publishes.</summary>
    public void OnServerEvent(ServerEvent serverEvent)
    {
        switch (serverEvent)
        {
            case VoiceStateUpdatedEvent updated:
                if (_roster.Upsert(updated.ChannelId, updated.Participant) is { } replaced)
                {
                    PublishLeft(updated.ChannelId, replaced, VoiceLeaveReason.Moved);
                }

                var participant = updated.Participant;
                Publish(new VoiceStateChanged { ChannelId = new ChannelId(updated.ChannelId), Participant = participant, IsSelf = IsSelf(participant.UserId, participant.DeviceId) });
                if (participant.UserId == self.Value && participant.DeviceId != device.Value)
                {
                    Rings.End(r => r.ChannelId.Value == updated.ChannelId, CallRingEndReason.AnsweredElsewhere);
                }

                break;
            case VoiceParticipantLeftEvent left:
                if (_roster.Remove(left.ChannelId, left.JoinId) || IsSelf(left.UserId, left.DeviceId))
                {
                    PublishLeft(left.ChannelId, left.UserId, left.DeviceId, left.JoinId, left.Reason);
                }

                Rings.End(r => r.CallerJoinId == left.JoinId, CallRingEndReason.CallerLeft);
                break;
        }
    }

    /// <summary>
    /// A fresh gateway session (not resumed): this device's join is carried over if the server still holds it, or made
    /// again; the voice state read before is read again, with what changed meanwhile raised as events.
    /// </summary>
    private async Task OnFreshSessionAsync(CancellationToken cancellationToken)
    {
        if (Current is { } call)
        {
            Volatile.Write(ref _statePending, 0);
            try
            {
                var rejoined = await JoinAsync(call.ChannelId, call.State, call.JoinId, cancellationToken).ConfigureAwait(false);
                if (rejoined.JoinId != call.JoinId)
                {
                    LogRejoined(logger, call.ChannelId.Value);
                }
            }
            catch (ChatalotApiException ex)
            {
                // No longer allowed in (kicked, timed out, channel gone, full): this device is out of the call.
                LogRejoinRefused(logger, call.ChannelId.Value, ex.Code);
                Volatile.Write(ref _current, null);
                PublishLeft(call.ChannelId.Value, self.Value, device.Value, call.JoinId, VoiceLeaveReason.Disconnected);
            }
        }

        Guid[] communities;
        lock (_lock)
        {
            communities = [.. _watchedCommunities];
        }

        var refreshed = new HashSet<Guid>();
        foreach (var community in communities)
        {
            foreach (var state in await rest.GetCommunityVoiceStatesAsync(new CommunityId(community), cancellationToken).ConfigureAwait(false))
            {
                Apply(state);
                refreshed.Add(state.ChannelId);
            }
        }

        foreach (var channel in _roster.KnownChannels.Where(c => !refreshed.Contains(c) && c != Current?.ChannelId.Value))
        {
            try
            {
                Apply(await rest.GetVoiceStateAsync(new ChannelId(channel), cancellationToken).ConfigureAwait(false));
            }
            catch (ChatalotApiException)
            {
                // The channel is gone or hidden now: whoever was in it is gone for this client.
                Apply(new VoiceChannelState(channel, []));
            }
        }
    }

    /// <summary>A decrypted <see cref="DevicePayloadKind.CallSignal"/> from a listed device (checked by the inbox).</summary>
    public async Task OnSignalAsync(UserId user, DeviceId sender, DevicePayload payload, CancellationToken cancellationToken)
    {
        var signal = payload.Call!;
        var channel = new ChannelId(payload.Conversation.Id);
        switch (signal.Type)
        {
            case CallSignalType.Ring:
                await OnRingAsync(user, sender, channel, signal, cancellationToken).ConfigureAwait(false);
                return;
            case CallSignalType.Decline when user == self:
                Rings.End(r => r.CallerJoinId == signal.JoinId, CallRingEndReason.Declined);
                return;
            case CallSignalType.Decline:
                if (Current is { } ringing && ringing.ChannelId == channel && ringing.JoinId == signal.TargetJoinId
                    && await PartnerOfAsync(channel, cancellationToken).ConfigureAwait(false) == user)
                {
                    Publish(new CallDeclined { ChannelId = channel, UserId = user });
                }

                return;
        }

        if (Current is not { } call || call.ChannelId != channel || signal.TargetJoinId != call.JoinId)
        {
            LogSignalDropped(logger, signal.Type, "not_for_this_join");
            return;
        }

        if (_roster.Find(channel.Value, signal.JoinId) is not { } from || from.UserId != user.Value || from.DeviceId != sender.Value)
        {
            LogSignalDropped(logger, signal.Type, "not_a_participant");
            return;
        }

        Publish(new CallSignalReceived { ChannelId = channel, From = from, Signal = signal });
    }

    public void Dispose() => _rings?.Dispose();

    private async Task OnRingAsync(UserId caller, DeviceId callerDevice, ChannelId channel, CallSignal signal, CancellationToken cancellationToken)
    {
        if (caller == self || Current?.ChannelId == channel || await PartnerOfAsync(channel, cancellationToken).ConfigureAwait(false) != caller)
        {
            LogSignalDropped(logger, signal.Type, "not_a_dm_partner");
            return;
        }

        // The caller joins before it rings, so its join is normally known; read the state once if the event was missed.
        var joined = _roster.Find(channel.Value, signal.JoinId)
            ?? (await GetStateAsync(channel, cancellationToken).ConfigureAwait(false)).Participants.FirstOrDefault(p => p.JoinId == signal.JoinId);
        if (joined is null || joined.UserId != caller.Value || joined.DeviceId != callerDevice.Value)
        {
            LogSignalDropped(logger, signal.Type, "caller_not_in_call");
            return;
        }

        var incoming = new IncomingCall(channel, caller, callerDevice, signal.JoinId, signal.Video ?? false, time.GetUtcNow() + CallRings.RingTime);
        if (Rings.Start(incoming))
        {
            Publish(new CallRinging { Call = incoming });
        }
    }

    /// <summary>Seals one signal for each device and sends them in one ephemeral batch; devices not listed under their key get nothing.</summary>
    private async Task SendAsync(IReadOnlyList<(UserId User, DeviceId Device)> to, ChannelId channel, ConversationKind kind, CallSignal signal, CancellationToken cancellationToken)
    {
        var listed = (await directory.DevicesOfAsync(to.Select(t => t.User), cancellationToken).ConfigureAwait(false)).ToHashSet();
        var targets = to.Where(listed.Contains).Distinct().ToArray();
        if (targets.Length < to.Distinct().Count() && to.Count == 1)
        {
            throw NotInCall("The recipient is not a listed device of its account (crypto.md §15.2).");
        }

        var plaintext = ContentCodec.Encode(new DevicePayload
        {
            Kind = DevicePayloadKind.CallSignal,
            Sender = new ContentSender(self.Value, device.Value),
            Conversation = new ConversationRef(kind, channel.Value),
            Call = signal,
        });
        await sessions.EnsureAsync(targets, cancellationToken).ConfigureAwait(false);
        var envelopes = new List<ToDeviceEnvelope>(targets.Length);
        foreach (var (user, target) in targets)
        {
            envelopes.Add(new ToDeviceEnvelope(user.Value, target.Value, await sessions.EncryptAsync(user, target, plaintext, cancellationToken).ConfigureAwait(false)));
        }

        if (envelopes.Count > 0)
        {
            await transport.SendToDeviceAsync(new SendToDeviceRequest(device.Value, envelopes, Ephemeral: true), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ConversationKind> KindOfAsync(ChannelId channel, CancellationToken cancellationToken) =>
        (await directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false)).Type == ChannelType.Dm ? ConversationKind.Dm : ConversationKind.Channel;

    /// <summary>The other member of a DM; null for any other channel.</summary>
    private async Task<UserId?> PartnerOfAsync(ChannelId channel, CancellationToken cancellationToken)
    {
        Channel read;
        try
        {
            read = await directory.GetChannelAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException)
        {
            return null;
        }

        return read.Type == ChannelType.Dm && read.DmUserIds is { } members && members.Contains(self.Value) && members.FirstOrDefault(m => m != self.Value) is var other && other != Guid.Empty
            ? new UserId(other)
            : null;
    }

    private void Apply(VoiceChannelState state)
    {
        var (changed, gone) = _roster.Replace(state);
        foreach (var participant in gone)
        {
            PublishLeft(state.ChannelId, participant, VoiceLeaveReason.Disconnected);
        }

        foreach (var participant in changed)
        {
            Publish(new VoiceStateChanged { ChannelId = new ChannelId(state.ChannelId), Participant = participant, IsSelf = IsSelf(participant.UserId, participant.DeviceId) });
        }
    }

    private void PublishLeft(Guid channel, VoiceParticipant participant, VoiceLeaveReason reason) =>
        PublishLeft(channel, participant.UserId, participant.DeviceId, participant.JoinId, reason);

    private void PublishLeft(Guid channel, Guid user, int deviceId, Guid joinId, VoiceLeaveReason reason)
    {
        var isSelf = IsSelf(user, deviceId);
        if (isSelf && Current is { } call && call.JoinId == joinId)
        {
            Interlocked.CompareExchange(ref _current, null, call);
        }

        Publish(new VoiceParticipantLeft { ChannelId = new ChannelId(channel), UserId = new UserId(user), DeviceId = new DeviceId(deviceId), JoinId = joinId, Reason = reason, IsSelf = isSelf });
    }

    private bool IsSelf(Guid user, int deviceId) => user == self.Value && deviceId == device.Value;

    private void Publish(ChatalotEvent chatalotEvent) => events.Publish(chatalotEvent with { ReceivedAt = time.GetUtcNow() });

    private static ChatalotClientException NotInCall(string message) => new(ClientErrorCodes.NotInCall, message);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "Dropped a {Type} call signal: {Why}")]
    private static partial void LogSignalDropped(ILogger logger, string type, string why);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Joined the call in {Channel} again under a new join id after the connection came back")]
    private static partial void LogRejoined(ILogger logger, Guid channel);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Could not rejoin the call in {Channel} after the connection came back: {Code}")]
    private static partial void LogRejoinRefused(ILogger logger, Guid channel, string code);
}
