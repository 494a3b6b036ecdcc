using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>
/// This node's voice state (calls.md §2): who is in which voice channel or DM call, from which device, with which flags.
/// Connection state, not history, so it lives in memory. Every change and the event announcing it happen under one
/// gate, so a channel's events go out in the order its state changed; voice changes are rare next to messages.
/// </summary>
internal sealed partial class VoiceTracker(IGatewayPublisher publisher, TimeProvider time, IOptions<ChatalotServerOptions> options, ILogger<VoiceTracker> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, List<VoiceSeat>> _channels = [];
    private readonly Dictionary<Guid, VoiceSeat> _byUser = [];

    // Moderator mutes outlive a join: leaving and rejoining does not lift them (only a moderator does).
    private readonly HashSet<(Guid Channel, Guid User)> _mutedByModerator = [];
    private readonly ChatalotVoiceOptions _options = options.Value.Voice;
    private readonly TimeSpan _grace = options.Value.Voice.EffectiveDisconnectGrace(options.Value.Gateway);

    public static bool HasVideo(VoiceSelfState state) => state.Video || state.ScreenShare;

    /// <summary>
    /// Joins (or, with <paramref name="resumeJoinId"/> naming this device's live join in the same channel, carries on) and
    /// returns the join id and the channel's participants. The user's other join, anywhere, ends with <c>moved</c>.
    /// </summary>
    /// <exception cref="Errors.ChatalotServerException"><c>voice_full</c> or <c>voice_video_full</c>.</exception>
    public async Task<(Guid JoinId, VoiceChannelState State)> JoinAsync(
        Guid sessionId, Guid userId, int deviceId, VoiceTarget target, VoiceSelfState state, bool noSpeak, Guid? resumeJoinId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _byUser.TryGetValue(userId, out var current);
            var seats = _channels.TryGetValue(target.ChannelId, out var list) ? list : [];
            if (resumeJoinId is { } resumed && current is not null && current.JoinId == resumed && current.DeviceId == deviceId && current.ChannelId == target.ChannelId)
            {
                RequireVideoRoom(seats, userId, current.HasVideo, state);
                current.SessionId = sessionId;
                current.StopGrace();
                if (current.State != state)
                {
                    current.State = state;
                    await PublishAsync(current, new VoiceStateUpdatedEvent(current.ChannelId, current.ToDto())).ConfigureAwait(false);
                }

                return (current.JoinId, Snapshot(target.ChannelId));
            }

            // Refusals come before the earlier join ends: a refused join leaves the user where they were.
            if (seats.Count(s => s.UserId != userId) >= _options.MaxParticipants)
            {
                throw Fail.Code(ErrorCodes.VoiceFull, 409, $"The call already has {_options.MaxParticipants} participants.");
            }

            RequireVideoRoom(seats, userId, false, state);
            if (current is not null)
            {
                await RemoveLockedAsync(current, VoiceLeaveReason.Moved).ConfigureAwait(false);
            }

            var seat = new VoiceSeat(target, userId, deviceId, Guid.CreateVersion7(time.GetUtcNow()), TruncatedNow())
            {
                State = state,
                ServerMuted = noSpeak || _mutedByModerator.Contains((target.ChannelId, userId)),
                SessionId = sessionId,
            };
            lock (_channels)
            {
                if (!_channels.TryGetValue(target.ChannelId, out var channel))
                {
                    _channels[target.ChannelId] = channel = [];
                }

                channel.Add(seat);
                _byUser[userId] = seat;
            }

            await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
            return (seat.JoinId, Snapshot(target.ChannelId));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends this device's join with <c>left</c>; false when the device is in no call.</summary>
    public Task<bool> LeaveAsync(Guid userId, int deviceId, CancellationToken cancellationToken) =>
        RemoveWhereAsync(s => s.UserId == userId && s.DeviceId == deviceId, VoiceLeaveReason.Left, cancellationToken);

    /// <summary>Sets this device's own flags.</summary>
    /// <exception cref="Errors.ChatalotServerException"><c>not_in_voice</c> or <c>voice_video_full</c>.</exception>
    public async Task UpdateStateAsync(Guid userId, int deviceId, VoiceSelfState state, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_byUser.TryGetValue(userId, out var seat) || seat.DeviceId != deviceId)
            {
                throw Fail.Code(ErrorCodes.NotInVoice, 409, "This device is in no call.");
            }

            RequireVideoRoom(_channels[seat.ChannelId], userId, seat.HasVideo, state);
            if (seat.State != state)
            {
                seat.State = state;
                await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A moderator's server mute or unmute; null when the user is not in the channel's call.</summary>
    public async Task<VoiceParticipant?> SetServerMutedAsync(Guid channelId, Guid userId, bool muted, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_byUser.TryGetValue(userId, out var seat) || seat.ChannelId != channelId)
            {
                return null;
            }

            if (muted)
            {
                _mutedByModerator.Add((channelId, userId));
            }
            else
            {
                _mutedByModerator.Remove((channelId, userId));
            }

            if (seat.ServerMuted != muted)
            {
                seat.ServerMuted = muted;
                await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
            }

            return seat.ToDto();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes a user from one channel's call (a moderator's disconnect); false when they are not in it.</summary>
    public Task<bool> RemoveAsync(Guid channelId, Guid userId, VoiceLeaveReason reason, CancellationToken cancellationToken) =>
        RemoveWhereAsync(s => s.UserId == userId && s.ChannelId == channelId, reason, cancellationToken);

    /// <summary>The user may no longer be in these channels (kick, ban, lost view): <c>access_lost</c>.</summary>
    public Task AccessLostAsync(Guid userId, IReadOnlyCollection<Guid> channelIds, CancellationToken cancellationToken) =>
        RemoveWhereAsync(s => s.UserId == userId && channelIds.Contains(s.ChannelId), VoiceLeaveReason.AccessLost, cancellationToken);

    /// <summary>The user was timed out in a community: out of its calls with <c>access_lost</c>.</summary>
    public Task TimedOutAsync(Guid userId, Guid communityId, CancellationToken cancellationToken) =>
        RemoveWhereAsync(s => s.UserId == userId && s.Target.CommunityId == communityId, VoiceLeaveReason.AccessLost, cancellationToken);

    /// <summary>A channel was deleted: everyone in its call leaves with <c>access_lost</c>.</summary>
    public async Task ChannelGoneAsync(Guid channelId, CancellationToken cancellationToken)
    {
        while (await RemoveWhereAsync(s => s.ChannelId == channelId, VoiceLeaveReason.AccessLost, cancellationToken).ConfigureAwait(false))
        {
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _mutedByModerator.RemoveWhere(m => m.Channel == channelId);
        _gate.Release();
    }

    /// <summary>
    /// A session's connection dropped (and was not resumed at once): its join stays for the grace period, then ends with
    /// <c>disconnected</c> unless the session resumes or the device rejoins with <c>resume_join_id</c>.
    /// </summary>
    public async Task ConnectionLostAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_byUser.TryGetValue(userId, out var seat) && seat.SessionId == sessionId && seat.Grace is null)
            {
                // The callback names its own timer: one that fires as it is being stopped must not end a later grace period.
                ITimer? timer = null;
                timer = time.CreateTimer(state => _ = ExpireAsync(seat, timer), null, _grace, Timeout.InfiniteTimeSpan);
                seat.Grace = timer;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The session resumed on a new connection: its join carries on.</summary>
    public async Task ConnectionRestoredAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_byUser.TryGetValue(userId, out var seat) && seat.SessionId == sessionId)
            {
                seat.StopGrace();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Who is in a channel's call now, in join order.</summary>
    public VoiceChannelState Snapshot(Guid channelId)
    {
        // Read under the gate's protection by callers that hold it; others take a consistent copy through the lock below.
        lock (_channels)
        {
            return new VoiceChannelState(channelId, _channels.TryGetValue(channelId, out var seats) ? [.. seats.Select(s => s.ToDto())] : []);
        }
    }

    /// <summary>The channels of a community with someone in their call.</summary>
    public List<Guid> OccupiedChannels(Guid communityId)
    {
        lock (_channels)
        {
            return [.. _channels.Where(c => c.Value.Count > 0 && c.Value[0].Target.CommunityId == communityId).Select(c => c.Key)];
        }
    }

    /// <summary>Whether a user is in a channel's call.</summary>
    public bool IsIn(Guid channelId, Guid userId)
    {
        lock (_channels)
        {
            return _byUser.TryGetValue(userId, out var seat) && seat.ChannelId == channelId;
        }
    }

    public void Dispose()
    {
        lock (_channels)
        {
            foreach (var seat in _byUser.Values)
            {
                seat.StopGrace();
            }
        }

        _gate.Dispose();
    }

    private async Task ExpireAsync(VoiceSeat seat, ITimer? timer)
    {
        try
        {
            await RemoveWhereAsync(s => ReferenceEquals(s, seat) && s.Grace is not null && ReferenceEquals(s.Grace, timer), VoiceLeaveReason.Disconnected, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping.
        }
#pragma warning disable CA1031 // A timer callback must not fault unobserved; the next change of the channel corrects it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogExpireFailed(logger, ex);
        }
    }

    /// <summary>Removes the first seat matching <paramref name="match"/>; true if one was removed.</summary>
    private async Task<bool> RemoveWhereAsync(Func<VoiceSeat, bool> match, VoiceLeaveReason reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // At most one seat per user, so a per-user match finds at most one.
            var seat = _byUser.Values.FirstOrDefault(match);
            if (seat is null)
            {
                return false;
            }

            await RemoveLockedAsync(seat, reason).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RemoveLockedAsync(VoiceSeat seat, VoiceLeaveReason reason)
    {
        seat.StopGrace();
        lock (_channels)
        {
            _byUser.Remove(seat.UserId);
            if (_channels.TryGetValue(seat.ChannelId, out var seats))
            {
                seats.Remove(seat);
                if (seats.Count == 0)
                {
                    _channels.Remove(seat.ChannelId);
                }
            }
        }

        await PublishAsync(seat, new VoiceParticipantLeftEvent(seat.ChannelId, seat.UserId, seat.DeviceId, seat.JoinId, reason)).ConfigureAwait(false);
    }

    /// <summary>Turning a camera or screen share on needs a free video slot; keeping one on does not.</summary>
    private void RequireVideoRoom(List<VoiceSeat> seats, Guid userId, bool alreadyOn, VoiceSelfState state)
    {
        if (HasVideo(state) && !alreadyOn && seats.Count(s => s.UserId != userId && s.HasVideo) >= _options.MaxVideoParticipants)
        {
            throw Fail.Code(ErrorCodes.VoiceVideoFull, 409, $"{_options.MaxVideoParticipants} participants already have a camera or screen share on.");
        }
    }

    // Once the state has changed the event must go out whatever the caller's token says, or the channel's members
    // would hold a stale view.
    private ValueTask PublishAsync(VoiceSeat seat, ServerEvent evt) =>
        publisher.PublishToChannelAsync(seat.ChannelId, evt, seat.Target.DmMembers, CancellationToken.None);

    private DateTimeOffset TruncatedNow()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Ending a voice join after its grace period failed")]
    private static partial void LogExpireFailed(ILogger logger, Exception exception);
}
