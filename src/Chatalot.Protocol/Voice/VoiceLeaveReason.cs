using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Voice;

/// <summary>Why a participant left a voice channel.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<VoiceLeaveReason>))]
public enum VoiceLeaveReason
{
    /// <summary>It sent <c>leave_voice</c>.</summary>
    Left,

    /// <summary>Its connection dropped and did not come back within the grace period.</summary>
    Disconnected,

    /// <summary>It joined another voice channel, or joined from another device.</summary>
    Moved,

    /// <summary>A moderator disconnected it.</summary>
    RemovedByModerator,

    /// <summary>It may no longer connect: kicked, banned, timed out, or lost the permission or the channel.</summary>
    AccessLost,
}
