using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Roles;
using Chatalot.Protocol.Voice;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Audit.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Roles.Internal;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>
/// Who may join, see and moderate a call (calls.md §2, permissions.md): the checks in front of <see cref="VoiceTracker"/>
/// for the gateway's voice frames and the voice routes.
/// </summary>
internal sealed class VoiceService(ChatalotDbContext db, Access access, Clock clock, VoiceTracker tracker, AuditLog audit)
{
    public async Task<VoiceJoinedFrame> JoinAsync(Guid sessionId, int? deviceId, Caller caller, JoinVoiceFrame frame, CancellationToken cancellationToken)
    {
        if (deviceId is not { } device)
        {
            throw Fail.Validation("device_id", "Authenticate with a device id to join calls: signalling goes to a device.");
        }

        var a = await access.RequireChannelAsync(caller, frame.ChannelId, cancellationToken).ConfigureAwait(false);
        var target = Target(a);
        var noSpeak = false;
        if (target.CommunityId is not null)
        {
            if (!a.Has(CommunityPermissions.ConnectVoice))
            {
                throw Fail.Forbidden("This needs the connect_voice permission.");
            }

            ModerationRules.ThrowIfTimedOut(a.TimedOutUntil, clock.UtcNow);
            noSpeak = !a.Has(CommunityPermissions.Speak);
        }

        var (joinId, state) = await tracker.JoinAsync(sessionId, caller.UserId, device, target, frame.State ?? new VoiceSelfState(), noSpeak, frame.ResumeJoinId, cancellationToken).ConfigureAwait(false);
        return new VoiceJoinedFrame(frame.RequestId, joinId, state);
    }

    /// <summary><c>GET /channels/{id}/voice</c>: anyone who can read the channel sees who is in its call.</summary>
    public async Task<VoiceChannelState> ChannelAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        Target(await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false));
        return await tracker.SnapshotAsync(channelId).ConfigureAwait(false);
    }

    /// <summary><c>GET /communities/{id}/voice</c>: the occupied voice channels of a community the caller can see.</summary>
    public async Task<IReadOnlyList<VoiceChannelState>> CommunityAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        var occupied = await tracker.OccupiedChannelsAsync(communityId).ConfigureAwait(false);
        if (occupied.Count == 0)
        {
            return [];
        }

        var readable = (await access.ReadableChannelIdsAsync(caller.UserId, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var states = new List<VoiceChannelState>();
        foreach (var channelId in occupied.Where(readable.Contains))
        {
            if (await tracker.SnapshotAsync(channelId).ConfigureAwait(false) is { Participants.Count: > 0 } state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    /// <summary><c>PATCH /channels/{id}/voice/participants/{user_id}</c>: <c>mute_members</c>, on members below the caller.</summary>
    public async Task<VoiceParticipant> ServerMuteAsync(Caller caller, Guid channelId, Guid userId, UpdateVoiceParticipantRequest request, CancellationToken cancellationToken)
    {
        var communityId = await RequireModeratorAsync(caller, channelId, userId, CommunityPermissions.MuteMembers, cancellationToken).ConfigureAwait(false);
        var participant = await tracker.SetServerMutedAsync(channelId, userId, request.ServerMuted, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The participant");
        audit.Record(request.ServerMuted ? AuditAction.VoiceMemberMuted : AuditAction.VoiceMemberUnmuted, caller.UserId, communityId, userId, targetId: channelId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return participant;
    }

    /// <summary><c>DELETE /channels/{id}/voice/participants/{user_id}</c>: <c>move_members</c>, on members below the caller.</summary>
    public async Task DisconnectAsync(Caller caller, Guid channelId, Guid userId, CancellationToken cancellationToken)
    {
        var communityId = await RequireModeratorAsync(caller, channelId, userId, CommunityPermissions.MoveMembers, cancellationToken).ConfigureAwait(false);
        if (!await tracker.RemoveAsync(channelId, userId, VoiceLeaveReason.RemovedByModerator, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The participant");
        }

        audit.Record(AuditAction.VoiceMemberDisconnected, caller.UserId, communityId, userId, targetId: channelId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The call's target for a readable channel; <c>not_voice_channel</c> for a text channel.</summary>
    private static VoiceTarget Target(ChannelAccess a) => (ChannelType)a.Channel.Type switch
    {
        ChannelType.Voice => new VoiceTarget(a.Channel.Id, a.Channel.CommunityId, null),
        ChannelType.Dm => new VoiceTarget(a.Channel.Id, null, [a.Channel.DmUserLow!.Value, a.Channel.DmUserHigh!.Value]),
        _ => throw Fail.Code(ErrorCodes.NotVoiceChannel, 422, "Calls happen in voice channels and DMs."),
    };

    /// <summary>The channel's community when the caller holds <paramref name="flag"/> there and outranks the participant.</summary>
    private async Task<Guid> RequireModeratorAsync(Caller caller, Guid channelId, Guid userId, CommunityPermissions flag, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (Target(a).CommunityId is not { } communityId || a.Group?.Facts is not { } me)
        {
            throw Fail.Forbidden("Nobody moderates a DM call.");
        }

        if (!a.Has(flag))
        {
            throw Fail.Forbidden(flag == CommunityPermissions.MuteMembers ? "This needs the mute_members permission." : "This needs the move_members permission.");
        }

        if (!await tracker.IsInAsync(channelId, userId).ConfigureAwait(false))
        {
            throw Fail.NotFound("The participant");
        }

        var target = await access.MemberFactsAsync(userId, communityId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The participant");
        if (target.Standing >= me.Standing)
        {
            throw Fail.Forbidden("You can only act on members below your role.");
        }

        return communityId;
    }
}
