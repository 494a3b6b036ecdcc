namespace Chatalot.Protocol.Voice;

/// <summary>
/// One device in a voice channel (calls.md §2). A user is in at most one voice channel at a time, from one device;
/// <see cref="JoinId"/> names this join, so signalling meant for an earlier join of the same device is dropped.
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="DeviceId">The device that joined; call signalling is sent to it (end to end encrypted).</param>
/// <param name="JoinId">This join; a rejoin after the grace period gets a new one.</param>
/// <param name="JoinedAt">When the device joined.</param>
/// <param name="State">The flags the participant set itself.</param>
/// <param name="ServerMuted">A moderator muted the participant; only a moderator can lift it.</param>
public sealed record VoiceParticipant(
    Guid UserId,
    int DeviceId,
    Guid JoinId,
    DateTimeOffset JoinedAt,
    VoiceSelfState State,
    bool ServerMuted);
