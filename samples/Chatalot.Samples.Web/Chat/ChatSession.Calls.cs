using Chatalot.Client;
using Chatalot.Client.Voice;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Voice;
using Chatalot.Samples.Web.Browser;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Calls (docs/protocol/calls.md): voice channels and DM calls over <c>client.Voice</c>, with the media in
/// wwwroot/js/calls.js (a WebRTC mesh). The SDK keeps who is in which call and carries the end-to-end encrypted signals;
/// this part starts and stops the media, connects to the participants (the newcomer offers, §3) and keeps this
/// device's flags (mute, deafen, camera, screen, speaking) on the server.
/// </summary>
public sealed partial class ChatSession : ICallMediaEvents
{
    private readonly Dictionary<Guid, string> _callQuality = [];
    private readonly List<(Guid JoinId, string Type, string? Sdp, string[]? Candidates)> _earlySignals = [];
    private Guid? _mediaJoinId;
    private bool _callStarting;
    private VoiceSelfState _selfState = new();

    /// <summary>This device's call, or null.</summary>
    public VoiceCall? CurrentCall => Client?.Voice.Current;

    /// <summary>This device's own flags as last set here (the server's copy follows).</summary>
    public VoiceSelfState SelfState => _selfState;

    /// <summary>Why this device left its last call, when it did not choose to (shown once); null otherwise.</summary>
    public string? CallNotice { get; private set; }

    /// <summary>Whether the push-to-talk key is held now.</summary>
    public bool PushToTalkHeld { get; private set; }

    /// <summary>Who is in a voice channel or DM call now (empty when nobody, or not known yet).</summary>
    public IReadOnlyList<VoiceParticipant> VoiceParticipantsOf(Guid channelId) =>
        Client?.Voice.ParticipantsOf(new ChannelId(channelId)) ?? [];

    /// <summary>The connection quality to a participant: good, fair, poor or connecting (empty before the first reading).</summary>
    public string CallQualityOf(Guid joinId) => _callQuality.GetValueOrDefault(joinId, "");

    public bool IsInCall(Guid channelId) => CurrentCall?.ChannelId.Value == channelId;

    /// <summary>Whether this device's media for its call has started (the controls wait for it).</summary>
    public bool CallMediaReady => _mediaJoinId is not null && !_callStarting;

    public void DismissCallNotice()
    {
        CallNotice = null;
        Notify();
    }

    private void SubscribeCallEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<VoiceStateChanged>((e, _) => new ValueTask(OnVoiceStateChangedAsync(e))));
        _subscriptions.Add(client.Events.On<VoiceParticipantLeft>((e, _) => new ValueTask(OnVoiceParticipantLeftAsync(e))));
        _subscriptions.Add(client.Events.On<CallSignalReceived>((e, _) => new ValueTask(OnCallSignalAsync(e))));
        SubscribeRingEvents(client);
    }

    /// <summary>Who is in the voice channels of every community (the sidebar lists them); events keep it current.</summary>
    private async Task LoadVoiceStatesAsync()
    {
        if (Client is not { } client)
        {
            return;
        }

        await calls.InitializeAsync(this);
        await LoadCallSettingsAsync();
        foreach (var tree in Communities)
        {
            try
            {
                await client.Voice.GetCommunityStatesAsync(new CommunityId(tree.Community.Id));
            }
            catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
            {
                // The sidebar shows no occupants for this community until its next voice event.
            }
        }

        Notify();
    }

    /// <summary>Joins a voice channel (leaving any earlier call) and starts the media: the newcomer offers to everyone there.</summary>
    public async Task JoinVoiceAsync(Guid channelId)
    {
        if (Client is not { } client || _callStarting || IsInCall(channelId))
        {
            return;
        }

        CallNotice = null;
        _callStarting = true;
        try
        {
            if (CurrentCall is not null)
            {
                await LeaveCallAsync();
            }

            _selfState = new VoiceSelfState(SelfMuted: _selfState.SelfMuted, SelfDeafened: _selfState.SelfDeafened);
            var ice = await client.Voice.GetIceServersAsync();
            var call = await client.Voice.JoinAsync(new ChannelId(channelId), _selfState);
            await StartMediaAsync(call, ice);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            CallNotice = CallErrorText(ex);
            await StopMediaAsync();
        }
        finally
        {
            _callStarting = false;
            Notify();
        }
    }

    public async Task LeaveCallAsync()
    {
        OutgoingRing = null;
        await StopMediaAsync();
        if (Client is { } client && client.Voice.Current is not null)
        {
            try
            {
                await client.Voice.LeaveAsync();
            }
            catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
            {
                // Gone locally; the server ends the join when the grace period runs out.
            }
        }

        Notify();
    }

    private async Task StartMediaAsync(VoiceCall call, IceServerConfig ice)
    {
        _mediaJoinId = call.JoinId;
        _callQuality.Clear();
        var error = await calls.StartAsync(call.JoinId, IceServersJson(ice), CallSettings.AlwaysRelay, _selfState.SelfMuted, _selfState.SelfDeafened, _selfState.Video);
        await calls.SetPushToTalkAsync(CallSettings.PushToTalk, CallSettings.PushToTalkKey);
        if (error.Length > 0)
        {
            CallNotice = "Your microphone could not be opened (" + error + "): you can listen, but the others will not hear you.";
        }

        await ConnectToEveryoneAsync(call);
        foreach (var early in _earlySignals.Where(s => VoiceParticipantsOf(call.ChannelId.Value).Any(p => p.JoinId == s.JoinId)).ToList())
        {
            await calls.SignalAsync(early.JoinId, early.Type, early.Sdp, early.Candidates);
        }

        _earlySignals.Clear();
    }

    // The newcomer offers to each participant already there (calls.md §3).
    private async Task ConnectToEveryoneAsync(VoiceCall call)
    {
        foreach (var participant in VoiceParticipantsOf(call.ChannelId.Value).Where(p => p.JoinId != call.JoinId))
        {
            await calls.ConnectAsync(participant.JoinId, offer: true);
        }
    }

    private async Task StopMediaAsync()
    {
        _earlySignals.Clear();
        _callQuality.Clear();
        if (_mediaJoinId is null)
        {
            return;
        }

        _mediaJoinId = null;
        _selfState = _selfState with { Video = false, ScreenShare = false, Speaking = false };
        PushToTalkHeld = false;
        await calls.StopAsync();
    }

    private async Task OnVoiceStateChangedAsync(VoiceStateChanged e)
    {
        // A rejoin after a network drop that could not keep the join: every connection starts over, and this device,
        // the newcomer again, offers to everyone.
        if (e.IsSelf && _mediaJoinId is { } mediaJoin && e.Participant.JoinId != mediaJoin && CurrentCall is { } call && call.JoinId == e.Participant.JoinId)
        {
            _mediaJoinId = call.JoinId;
            _callQuality.Clear();
            await calls.RejoinAsync(call.JoinId);
            await ConnectToEveryoneAsync(call);
            await UpdateSelfStateAsync(_selfState);
        }

        if (e.IsSelf)
        {
            // A moderator's server mute silences the mic here too.
            await calls.SetMutedAsync(_selfState.SelfMuted || e.Participant.ServerMuted);
        }

        Notify();
    }

    private async Task OnVoiceParticipantLeftAsync(VoiceParticipantLeft e)
    {
        if (e.IsSelf)
        {
            if (_mediaJoinId == e.JoinId || CurrentCall is null)
            {
                await StopMediaAsync();
                OutgoingRing = null;
                if (e.Reason != VoiceLeaveReason.Left)
                {
                    CallNotice = LeftCallText(e.Reason);
                }
            }
        }
        else if (_mediaJoinId is not null && CurrentCall?.ChannelId == e.ChannelId)
        {
            _callQuality.Remove(e.JoinId);
            await calls.DisconnectAsync(e.JoinId);
        }

        Notify();
    }

    private async Task OnCallSignalAsync(CallSignalReceived e)
    {
        if (e.Signal.Type is not (CallSignalType.Offer or CallSignalType.Answer or CallSignalType.Candidates or CallSignalType.Hangup))
        {
            return;
        }

        string[]? candidates = e.Signal.Candidates is { } list
            ? [.. list.SelectMany(c => new[] { c.Candidate, c.SdpMid ?? "", c.SdpMLineIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", c.UsernameFragment ?? "" })]
            : null;
        if (_mediaJoinId is null)
        {
            // An offer that overtook the end of this device's own join: handled once the media has started.
            _earlySignals.Add((e.From.JoinId, e.Signal.Type, e.Signal.Sdp, candidates));
            return;
        }

        OutgoingRing = null;
        await calls.SignalAsync(e.From.JoinId, e.Signal.Type, e.Signal.Sdp, candidates);
    }

    async Task ICallMediaEvents.SendSignalAsync(Guid joinId, string type, string? sdp, string[]? candidates)
    {
        if (Client is not { } client || CurrentCall is not { } call || VoiceParticipantsOf(call.ChannelId.Value).FirstOrDefault(p => p.JoinId == joinId) is not { } to)
        {
            return;
        }

        List<IceCandidate>? list = null;
        if (candidates is not null)
        {
            list = [];
            for (var i = 0; i + 3 < candidates.Length; i += 4)
            {
                list.Add(new IceCandidate(
                    candidates[i],
                    candidates[i + 1].Length > 0 ? candidates[i + 1] : null,
                    int.TryParse(candidates[i + 2], System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null,
                    candidates[i + 3].Length > 0 ? candidates[i + 3] : null));
            }
        }

        try
        {
            await client.Voice.SendSignalAsync(to, new CallSignal { Type = type, JoinId = default, Sdp = sdp, Candidates = list });
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // The peer left, or the session to its device failed: its tile shows it as not connected.
            _callQuality[joinId] = "poor";
            Notify();
        }
    }

    async Task ICallMediaEvents.SpeakingChangedAsync(bool speaking)
    {
        if (CurrentCall is null || _selfState.Speaking == speaking)
        {
            return;
        }

        await UpdateSelfStateAsync(_selfState with { Speaking = speaking });
    }

    void ICallMediaEvents.QualityChanged(Guid joinId, string quality)
    {
        _callQuality[joinId] = quality;
        Notify();
    }

    async Task ICallMediaEvents.ScreenShareEndedAsync()
    {
        if (_selfState.ScreenShare)
        {
            await UpdateSelfStateAsync(_selfState with { ScreenShare = false });
        }
    }

    void ICallMediaEvents.DevicesChanged() => CallDevicesChanged?.Invoke();

    void ICallMediaEvents.PushToTalkChanged(bool held)
    {
        PushToTalkHeld = held;
        Notify();
    }

    /// <summary>Raised when a media device was plugged in or out (the settings' pickers re-read the list).</summary>
    public event Action? CallDevicesChanged;

    public async Task ToggleMuteAsync()
    {
        var muted = !_selfState.SelfMuted;
        // Unmuting while deafened undeafens too, as in other chat apps.
        var state = _selfState with { SelfMuted = muted, SelfDeafened = muted && _selfState.SelfDeafened };
        await calls.SetDeafenedAsync(state.SelfDeafened);
        await calls.SetMutedAsync(muted || IsServerMuted());
        await UpdateSelfStateAsync(state);
    }

    public async Task ToggleDeafenAsync()
    {
        var deafened = !_selfState.SelfDeafened;
        var state = _selfState with { SelfDeafened = deafened, SelfMuted = deafened || _selfState.SelfMuted && !_selfState.SelfDeafened };
        await calls.SetDeafenedAsync(deafened);
        await calls.SetMutedAsync(state.SelfMuted || IsServerMuted());
        await UpdateSelfStateAsync(state);
    }

    public async Task ToggleCameraAsync()
    {
        var on = !_selfState.Video;
        if (!await calls.SetCameraAsync(on))
        {
            CallNotice = "The camera could not be opened.";
            Notify();
            return;
        }

        if (!await UpdateSelfStateAsync(_selfState with { Video = on }) && on)
        {
            await calls.SetCameraAsync(false);
        }
    }

    public async Task ToggleScreenShareAsync()
    {
        if (_selfState.ScreenShare)
        {
            await calls.StopScreenShareAsync();
            await UpdateSelfStateAsync(_selfState with { ScreenShare = false });
            return;
        }

        if (!await calls.StartScreenShareAsync())
        {
            return;
        }

        if (!await UpdateSelfStateAsync(_selfState with { ScreenShare = true }))
        {
            await calls.StopScreenShareAsync();
        }
    }

    /// <summary>Sets this device's flags on the server; false (with <see cref="CallNotice"/>) when refused, e.g. voice_video_full.</summary>
    private async Task<bool> UpdateSelfStateAsync(VoiceSelfState state)
    {
        var before = _selfState;
        _selfState = state;
        Notify();
        if (Client is not { } client || client.Voice.Current is null)
        {
            return true;
        }

        try
        {
            await client.Voice.UpdateStateAsync(state);
            return true;
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            _selfState = before with { Speaking = state.Speaking };
            CallNotice = CallErrorText(ex);
            Notify();
            return false;
        }
    }

    private bool IsServerMuted() =>
        CurrentCall is { } call && VoiceParticipantsOf(call.ChannelId.Value).FirstOrDefault(p => p.JoinId == call.JoinId) is { ServerMuted: true };

    /// <summary>Moderators (mute_members): mutes or unmutes a participant for everyone.</summary>
    public async Task SetServerMutedAsync(Guid channelId, Guid userId, bool muted)
    {
        try
        {
            await Client!.Voice.SetServerMutedAsync(new ChannelId(channelId), new UserId(userId), muted);
        }
        catch (ChatalotClientException ex)
        {
            CallNotice = CallErrorText(ex);
            Notify();
        }
    }

    /// <summary>Moderators (move_members): disconnects a participant from the call.</summary>
    public async Task DisconnectFromCallAsync(Guid channelId, Guid userId)
    {
        try
        {
            await Client!.Voice.DisconnectAsync(new ChannelId(channelId), new UserId(userId));
        }
        catch (ChatalotClientException ex)
        {
            CallNotice = CallErrorText(ex);
            Notify();
        }
    }

    private static string LeftCallText(VoiceLeaveReason reason) => reason switch
    {
        VoiceLeaveReason.Disconnected => "You left the call: the connection to the server was lost for too long.",
        VoiceLeaveReason.Moved => "You left the call: you joined a call elsewhere (another channel, or another device of yours).",
        VoiceLeaveReason.RemovedByModerator => "A moderator disconnected you from the call.",
        VoiceLeaveReason.AccessLost => "You left the call: you can no longer join this channel.",
        _ => "You left the call.",
    };

    private static string CallErrorText(Exception ex) => (ex as ChatalotClientException)?.Code switch
    {
        ErrorCodes.VoiceFull => "This call is full.",
        ErrorCodes.VoiceVideoFull => "Too many cameras and screen shares are on in this call already.",
        ErrorCodes.NotVoiceChannel => "This channel has no calls.",
        ErrorCodes.NotInVoice => "You are not in this call any more.",
        ErrorCodes.Forbidden => "You may not do that in this channel.",
        { } code => "The call did not work: " + code,
        null => "The server could not be reached.",
    };

    // RTCIceServer-shaped JSON for calls.js (written by hand: it holds a TURN credential, which nothing else may see).
    private static string IceServersJson(IceServerConfig config)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var server in config.IceServers)
            {
                json.WriteStartObject();
                json.WriteStartArray("urls");
                foreach (var url in server.Urls)
                {
                    json.WriteStringValue(url);
                }

                json.WriteEndArray();
                if (server.Username is { } username)
                {
                    json.WriteString("username", username);
                }

                if (server.Credential is { } credential)
                {
                    json.WriteString("credential", credential);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
