using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>A participant joined a voice channel or changed its flags; sent to the channel's subscribers and members of a DM.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Participant">The participant as it is now.</param>
public sealed record VoiceStateUpdatedEvent(Guid ChannelId, VoiceParticipant Participant) : ServerEvent;
