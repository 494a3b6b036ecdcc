namespace Chatalot.Protocol.Voice;

/// <summary>Who is in a voice channel now: the answer of <c>GET /channels/{id}/voice</c> and of <c>join_voice</c>.</summary>
/// <param name="ChannelId">The channel (a voice channel or a DM).</param>
/// <param name="Participants">The participants, in join order.</param>
public sealed record VoiceChannelState(Guid ChannelId, IReadOnlyList<VoiceParticipant> Participants);
