using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>A participant left a voice channel.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="UserId">The user.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="JoinId">The join that ended.</param>
/// <param name="Reason">Why.</param>
public sealed record VoiceParticipantLeftEvent(Guid ChannelId, Guid UserId, int DeviceId, Guid JoinId, VoiceLeaveReason Reason) : ServerEvent;
