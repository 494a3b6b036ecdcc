using Chatalot.Client.Core.Internal;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Voice;

namespace Chatalot.Client.Voice;

/// <summary>
/// Voice channels and DM calls (client.md, "Calls"; calls.md): who is in which call, joining and leaving, this device's
/// flags, moderator actions, TURN servers, and end-to-end encrypted WebRTC signalling. The SDK handles no media: a
/// media stack (the web app's WebRTC, a native one) sends what <see cref="SendSignalAsync"/> takes and answers
/// <see cref="CallSignalReceived"/>; a bot without media can still watch and manage calls. Connect first.
/// </summary>
public sealed class VoiceClient
{
    private readonly Func<ClientCore> _core;
    private readonly Func<ClientCore?> _coreIfConnected;

    internal VoiceClient(Func<ClientCore> core, Func<ClientCore?> coreIfConnected)
    {
        _core = core;
        _coreIfConnected = coreIfConnected;
    }

    /// <summary>This device's call; null when it is in none.</summary>
    public VoiceCall? Current => _coreIfConnected()?.Voice.Current;

    /// <summary>The DM calls ringing on this device now.</summary>
    public IReadOnlyList<IncomingCall> Ringing => _coreIfConnected()?.Voice.Ringing ?? [];

    /// <summary>
    /// Who is in a channel's call, as this client knows it: kept current by events once the channel was read
    /// (<see cref="GetStateAsync"/>, <see cref="GetCommunityStatesAsync"/>) or joined; empty otherwise.
    /// </summary>
    /// <param name="channel">The voice channel or DM.</param>
    /// <returns>The participants, in join order.</returns>
    public IReadOnlyList<VoiceParticipant> ParticipantsOf(ChannelId channel) => _coreIfConnected()?.Voice.ParticipantsOf(channel) ?? [];

    /// <summary>Reads who is in a channel's call now; changes raise <see cref="VoiceStateChanged"/> and <see cref="VoiceParticipantLeft"/>.</summary>
    /// <param name="channel">The voice channel or DM.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The participants.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<VoiceChannelState> GetStateAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        _core().Voice.GetStateAsync(channel, cancellationToken);

    /// <summary>Reads the occupied voice channels of a community; the client keeps them current from then on, across reconnects.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One state per voice channel with anyone in it.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<IReadOnlyList<VoiceChannelState>> GetCommunityStatesAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        _core().Voice.GetCommunityStatesAsync(community, cancellationToken);

    /// <summary>
    /// Joins a voice channel or a DM's call from this device, leaving any earlier call. The newcomer offers: send an
    /// offer to each other participant of the returned call (<see cref="ParticipantsOf"/>). If the gateway connection
    /// is lost and the session cannot resume, the client joins again by itself (calls.md §2).
    /// </summary>
    /// <param name="channel">The voice channel or DM.</param>
    /// <param name="state">The starting flags; default unmuted, camera off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>This device's call.</returns>
    /// <exception cref="ChatalotApiException"><c>voice_full</c>, <c>voice_video_full</c>, <c>not_voice_channel</c>, <c>forbidden</c>, <c>timed_out</c>, <c>not_found</c>.</exception>
    /// <exception cref="ChatalotConnectionException"><c>not_connected</c>: calls need the gateway.</exception>
    public Task<VoiceCall> JoinAsync(ChannelId channel, VoiceSelfState? state = null, CancellationToken cancellationToken = default) =>
        _core().Voice.JoinAsync(channel, state, resumeJoinId: null, cancellationToken);

    /// <summary>Leaves this device's call (nothing when in none).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when left.</returns>
    /// <exception cref="ChatalotConnectionException"><c>not_connected</c>.</exception>
    public Task LeaveAsync(CancellationToken cancellationToken = default) =>
        _core().Voice.LeaveAsync(cancellationToken);

    /// <summary>
    /// Changes this device's flags in its call (mute, deafen, camera, screen share, speaking). While the gateway
    /// connection is down, the flags are kept and sent as soon as it is back.
    /// </summary>
    /// <param name="state">The new flags.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server took them.</returns>
    /// <exception cref="ChatalotClientException"><c>not_in_call</c>.</exception>
    /// <exception cref="ChatalotApiException"><c>voice_video_full</c>, <c>not_in_voice</c>.</exception>
    public Task UpdateStateAsync(VoiceSelfState state, CancellationToken cancellationToken = default) =>
        _core().Voice.UpdateStateAsync(state, cancellationToken);

    /// <summary>The STUN and TURN servers for peer connections, with time-limited TURN credentials; cached until shortly before they expire.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The servers, in the shape of <c>RTCIceServer</c>.</returns>
    public Task<IceServerConfig> GetIceServersAsync(CancellationToken cancellationToken = default) =>
        _core().Voice.GetIceServersAsync(cancellationToken);

    /// <summary>
    /// Sends one WebRTC signal to another participant of this device's call, end to end encrypted and never stored by
    /// the server. The client sets <see cref="CallSignal.JoinId"/> and <see cref="CallSignal.TargetJoinId"/>.
    /// </summary>
    /// <param name="to">The participant (from <see cref="ParticipantsOf"/> or an event).</param>
    /// <param name="signal">An offer, answer, candidates or hangup.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server relayed it.</returns>
    /// <exception cref="ChatalotClientException"><c>not_in_call</c>: no call, or the recipient is not a (listed) participant of it; <c>identity_not_accepted</c>.</exception>
    public Task SendSignalAsync(VoiceParticipant to, CallSignal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(signal);
        return _core().Voice.SendSignalAsync(to, signal, cancellationToken);
    }

    /// <summary>Calls the other member of a DM: joins the DM's call and rings their devices (<see cref="CallRinging"/> there).</summary>
    /// <param name="dm">The DM.</param>
    /// <param name="video">Start with the camera on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>This device's call; a decline arrives as <see cref="CallDeclined"/>, an answer as the callee's <see cref="VoiceStateChanged"/>.</returns>
    /// <exception cref="ChatalotClientException"><c>not_voice_channel</c>: not a DM.</exception>
    public Task<VoiceCall> RingAsync(ChannelId dm, bool video = false, CancellationToken cancellationToken = default) =>
        _core().Voice.RingAsync(dm, video, cancellationToken);

    /// <summary>Answers a ringing call: joins it (the caller is there, so this device offers to it).</summary>
    /// <param name="call">The ringing call.</param>
    /// <param name="state">The starting flags.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>This device's call.</returns>
    public Task<VoiceCall> AcceptAsync(IncomingCall call, VoiceSelfState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _core().Voice.JoinAsync(call.ChannelId, state, resumeJoinId: null, cancellationToken);
    }

    /// <summary>Declines a ringing call: the caller gets <see cref="CallDeclined"/> and this account's other devices stop ringing.</summary>
    /// <param name="call">The ringing call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the decline was sent.</returns>
    public Task DeclineAsync(IncomingCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _core().Voice.DeclineAsync(call, cancellationToken);
    }

    /// <summary>Mutes or unmutes a participant for everyone (needs <c>mute_members</c>, the target below you).</summary>
    /// <param name="channel">The voice channel.</param>
    /// <param name="user">The participant.</param>
    /// <param name="muted">Mute (true) or lift the mute.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when applied.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task SetServerMutedAsync(ChannelId channel, UserId user, bool muted, CancellationToken cancellationToken = default) =>
        _core().Rest.UpdateVoiceParticipantAsync(channel, user, new UpdateVoiceParticipantRequest(muted), cancellationToken);

    /// <summary>Disconnects a participant from a voice channel (needs <c>move_members</c>, the target below you).</summary>
    /// <param name="channel">The voice channel.</param>
    /// <param name="user">The participant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when disconnected.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DisconnectAsync(ChannelId channel, UserId user, CancellationToken cancellationToken = default) =>
        _core().Rest.DisconnectVoiceParticipantAsync(channel, user, cancellationToken);
}
