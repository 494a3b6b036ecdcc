using Chatalot.Protocol.Voice;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>Where a join lands: the channel, its community (null for a DM) and, for a DM, its two members.</summary>
internal sealed record VoiceTarget(Guid ChannelId, Guid? CommunityId, IReadOnlyCollection<Guid>? DmMembers);

/// <summary>
/// One participant as <see cref="VoiceTracker"/> keeps it; changed only under the tracker's lock, and saved back to
/// <see cref="IVoiceState"/> after every change (in a cluster the stored copy is the truth, this object a working copy).
/// </summary>
internal sealed class VoiceSeat(VoiceTarget target, Guid userId, int deviceId, Guid joinId, DateTimeOffset joinedAt)
{
    public VoiceTarget Target { get; } = target;

    public Guid ChannelId => Target.ChannelId;

    public Guid UserId { get; } = userId;

    public int DeviceId { get; } = deviceId;

    public Guid JoinId { get; } = joinId;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    public VoiceSelfState State { get; set; } = new();

    public bool ServerMuted { get; set; }

    /// <summary>The gateway session whose connection carries this join (a resumed or rejoining session takes it over).</summary>
    public Guid SessionId { get; set; }

    /// <summary>The node holding <see cref="SessionId"/>: its grace timer runs there, and the join dies with that node.</summary>
    public Guid NodeId { get; set; }

    /// <summary>
    /// Names the grace period running while the connection is gone; null while connected. A grace timer ends the join only
    /// if its id is still here, so a resume on any node (which clears it) disarms a timer running on another.
    /// </summary>
    public Guid? GraceId { get; set; }

    public bool HasVideo => VoiceTracker.HasVideo(State);

    public VoiceParticipant ToDto() => new(UserId, DeviceId, JoinId, JoinedAt, State, ServerMuted);
}
