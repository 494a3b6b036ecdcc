namespace Chatalot.Protocol.Voice;

/// <summary>Body of <c>PATCH /channels/{id}/voice/participants/{user_id}</c>: a moderator's server mute.</summary>
/// <param name="ServerMuted">Mute (true) or unmute (false) the participant for everyone.</param>
public sealed record UpdateVoiceParticipantRequest(bool ServerMuted);
