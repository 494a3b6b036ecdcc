using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>
/// Voice state (calls.md §2): who is in which voice channel or DM call, from which device, with which flags. The seats
/// live in <see cref="IVoiceState"/> (this node's memory, or Redis in a cluster). Every change and the event announcing
/// it happen under its one lock, so a channel's events go out in the order its state changed; voice changes are rare
/// next to messages. Grace timers run on the node holding the seat's session.
/// </summary>
internal sealed partial class VoiceTracker(IVoiceState store, IGatewayPublisher publisher, TimeProvider time, IOptions<ChatalotServerOptions> options, ILogger<VoiceTracker> logger) : IDisposable
{
    // This node's grace timers, by join id.
    private readonly Dictionary<Guid, ITimer> _graceTimers = [];
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
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var current = await store.SeatOfAsync(userId).ConfigureAwait(false);
        var seats = await store.ChannelAsync(target.ChannelId).ConfigureAwait(false);
        if (resumeJoinId is { } resumed && current is not null && current.JoinId == resumed && current.DeviceId == deviceId && current.ChannelId == target.ChannelId)
        {
            RequireVideoRoom(seats, userId, current.HasVideo, state);
            current.SessionId = sessionId;
            current.NodeId = store.NodeId;
            current.GraceId = null;
            StopGrace(current.JoinId);
            var changed = current.State != state;
            current.State = state;
            await store.SaveAsync(current).ConfigureAwait(false);
            if (changed)
            {
                await PublishAsync(current, new VoiceStateUpdatedEvent(current.ChannelId, current.ToDto())).ConfigureAwait(false);
            }

            return (current.JoinId, await SnapshotLockedAsync(target.ChannelId).ConfigureAwait(false));
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
            ServerMuted = noSpeak || await store.IsMutedByModeratorAsync(target.ChannelId, userId).ConfigureAwait(false),
            SessionId = sessionId,
            NodeId = store.NodeId,
        };
        await store.SaveAsync(seat).ConfigureAwait(false);
        await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
        return (seat.JoinId, await SnapshotLockedAsync(target.ChannelId).ConfigureAwait(false));
    }

    /// <summary>Ends this device's join with <c>left</c>; false when the device is in no call.</summary>
    public Task<bool> LeaveAsync(Guid userId, int deviceId, CancellationToken cancellationToken) =>
        RemoveWhereAsync(userId, s => s.DeviceId == deviceId, VoiceLeaveReason.Left, cancellationToken);

    /// <summary>Sets this device's own flags.</summary>
    /// <exception cref="Errors.ChatalotServerException"><c>not_in_voice</c> or <c>voice_video_full</c>.</exception>
    public async Task UpdateStateAsync(Guid userId, int deviceId, VoiceSelfState state, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (await store.SeatOfAsync(userId).ConfigureAwait(false) is not { } seat || seat.DeviceId != deviceId)
        {
            throw Fail.Code(ErrorCodes.NotInVoice, 409, "This device is in no call.");
        }

        RequireVideoRoom(await store.ChannelAsync(seat.ChannelId).ConfigureAwait(false), userId, seat.HasVideo, state);
        if (seat.State != state)
        {
            seat.State = state;
            await store.SaveAsync(seat).ConfigureAwait(false);
            await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
        }
    }

    /// <summary>A moderator's server mute or unmute; null when the user is not in the channel's call.</summary>
    public async Task<VoiceParticipant?> SetServerMutedAsync(Guid channelId, Guid userId, bool muted, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (await store.SeatOfAsync(userId).ConfigureAwait(false) is not { } seat || seat.ChannelId != channelId)
        {
            return null;
        }

        await store.SetMutedByModeratorAsync(channelId, userId, muted).ConfigureAwait(false);
        if (seat.ServerMuted != muted)
        {
            seat.ServerMuted = muted;
            await store.SaveAsync(seat).ConfigureAwait(false);
            await PublishAsync(seat, new VoiceStateUpdatedEvent(seat.ChannelId, seat.ToDto())).ConfigureAwait(false);
        }

        return seat.ToDto();
    }

    /// <summary>Removes a user from one channel's call (a moderator's disconnect); false when they are not in it.</summary>
    public Task<bool> RemoveAsync(Guid channelId, Guid userId, VoiceLeaveReason reason, CancellationToken cancellationToken) =>
        RemoveWhereAsync(userId, s => s.ChannelId == channelId, reason, cancellationToken);

    /// <summary>The user may no longer be in these channels (kick, ban, lost view): <c>access_lost</c>.</summary>
    public Task AccessLostAsync(Guid userId, IReadOnlyCollection<Guid> channelIds, CancellationToken cancellationToken) =>
        RemoveWhereAsync(userId, s => channelIds.Contains(s.ChannelId), VoiceLeaveReason.AccessLost, cancellationToken);

    /// <summary>The user was timed out in a community: out of its calls with <c>access_lost</c>.</summary>
    public Task TimedOutAsync(Guid userId, Guid communityId, CancellationToken cancellationToken) =>
        RemoveWhereAsync(userId, s => s.Target.CommunityId == communityId, VoiceLeaveReason.AccessLost, cancellationToken);

    /// <summary>A channel was deleted: everyone in its call leaves with <c>access_lost</c>.</summary>
    public async Task ChannelGoneAsync(Guid channelId, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var seat in await store.ChannelAsync(channelId).ConfigureAwait(false))
        {
            await RemoveLockedAsync(seat, VoiceLeaveReason.AccessLost).ConfigureAwait(false);
        }

        await store.ClearModeratorMutesAsync(channelId).ConfigureAwait(false);
    }

    /// <summary>
    /// A session's connection dropped (and was not resumed at once): its join stays for the grace period, then ends with
    /// <c>disconnected</c> unless the session resumes or the device rejoins with <c>resume_join_id</c>, on any node.
    /// </summary>
    public async Task ConnectionLostAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (await store.SeatOfAsync(userId).ConfigureAwait(false) is { } seat && seat.SessionId == sessionId && seat.GraceId is null)
        {
            var graceId = Guid.NewGuid();
            seat.GraceId = graceId;
            await store.SaveAsync(seat).ConfigureAwait(false);
            var (joinId, user) = (seat.JoinId, seat.UserId);
            var timer = time.CreateTimer(_ => _ = ExpireAsync(user, joinId, graceId), null, _grace, Timeout.InfiniteTimeSpan);
            lock (_graceTimers)
            {
                _graceTimers.Remove(joinId, out var earlier);
                earlier?.Dispose();
                _graceTimers[joinId] = timer;
            }
        }
    }

    /// <summary>The session resumed on a new connection (on this node): its join carries on.</summary>
    public async Task ConnectionRestoredAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (await store.SeatOfAsync(userId).ConfigureAwait(false) is { } seat && seat.SessionId == sessionId)
        {
            StopGrace(seat.JoinId);
            if (seat.GraceId is not null || seat.NodeId != store.NodeId)
            {
                seat.GraceId = null;
                seat.NodeId = store.NodeId;
                await store.SaveAsync(seat).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Ends, with <c>disconnected</c>, the joins held by nodes that stopped without ending them (their grace timers died
    /// with them). Run periodically in a cluster by any node.
    /// </summary>
    public async Task RemoveOrphanedSeatsAsync(CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var seats = await store.AllAsync().ConfigureAwait(false);
        foreach (var node in seats.Select(s => s.NodeId).Distinct().Where(n => n != store.NodeId).ToList())
        {
            if (!await store.IsNodeAliveAsync(node).ConfigureAwait(false))
            {
                foreach (var seat in seats.Where(s => s.NodeId == node))
                {
                    await RemoveLockedAsync(seat, VoiceLeaveReason.Disconnected).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Who is in a channel's call now, in join order.</summary>
    public async Task<VoiceChannelState> SnapshotAsync(Guid channelId) => await SnapshotLockedAsync(channelId).ConfigureAwait(false);

    /// <summary>The channels of a community with someone in their call.</summary>
    public async Task<List<Guid>> OccupiedChannelsAsync(Guid communityId) =>
        [.. (await store.AllAsync().ConfigureAwait(false)).Where(s => s.Target.CommunityId == communityId).Select(s => s.ChannelId).Distinct()];

    /// <summary>Whether a user is in a channel's call.</summary>
    public async Task<bool> IsInAsync(Guid channelId, Guid userId) =>
        await store.SeatOfAsync(userId).ConfigureAwait(false) is { } seat && seat.ChannelId == channelId;

    public void Dispose()
    {
        lock (_graceTimers)
        {
            foreach (var timer in _graceTimers.Values)
            {
                timer.Dispose();
            }

            _graceTimers.Clear();
        }
    }

    private async Task<VoiceChannelState> SnapshotLockedAsync(Guid channelId) =>
        new(channelId, [.. (await store.ChannelAsync(channelId).ConfigureAwait(false)).Select(s => s.ToDto())]);

    private async Task ExpireAsync(Guid userId, Guid joinId, Guid graceId)
    {
        try
        {
            // Only the grace period this timer was started for: a resume anywhere cleared it, a later drop replaced it.
            await RemoveWhereAsync(userId, s => s.JoinId == joinId && s.GraceId == graceId, VoiceLeaveReason.Disconnected, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>Removes the user's seat if it matches <paramref name="match"/>; true if it was removed.</summary>
    private async Task<bool> RemoveWhereAsync(Guid userId, Func<VoiceSeat, bool> match, VoiceLeaveReason reason, CancellationToken cancellationToken)
    {
        await using var held = (await store.LockAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (await store.SeatOfAsync(userId).ConfigureAwait(false) is not { } seat || !match(seat))
        {
            return false;
        }

        await RemoveLockedAsync(seat, reason).ConfigureAwait(false);
        return true;
    }

    private async Task RemoveLockedAsync(VoiceSeat seat, VoiceLeaveReason reason)
    {
        StopGrace(seat.JoinId);
        await store.RemoveAsync(seat).ConfigureAwait(false);
        await PublishAsync(seat, new VoiceParticipantLeftEvent(seat.ChannelId, seat.UserId, seat.DeviceId, seat.JoinId, reason)).ConfigureAwait(false);
    }

    private void StopGrace(Guid joinId)
    {
        lock (_graceTimers)
        {
            if (_graceTimers.Remove(joinId, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    /// <summary>Turning a camera or screen share on needs a free video slot; keeping one on does not.</summary>
    private void RequireVideoRoom(IReadOnlyList<VoiceSeat> seats, Guid userId, bool alreadyOn, VoiceSelfState state)
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
