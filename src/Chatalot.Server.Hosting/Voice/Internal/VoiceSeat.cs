using Chatalot.Protocol.Voice;

namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>Where a join lands: the channel, its community (null for a DM) and, for a DM, its two members.</summary>
internal sealed record VoiceTarget(Guid ChannelId, Guid? CommunityId, IReadOnlyCollection<Guid>? DmMembers);

/// <summary>One participant as <see cref="VoiceTracker"/> keeps it; changed only under the tracker's gate.</summary>
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

    /// <summary>Runs out the grace period while the connection is gone; null while connected.</summary>
    public ITimer? Grace { get; set; }

    public bool HasVideo => VoiceTracker.HasVideo(State);

    public VoiceParticipant ToDto() => new(UserId, DeviceId, JoinId, JoinedAt, State, ServerMuted);

    public void StopGrace()
    {
        Grace?.Dispose();
        Grace = null;
    }
}
