namespace Chatalot.Client.Voice;

/// <summary>A DM call ringing on this device (<see cref="CallRinging"/>): accept with <see cref="VoiceClient.AcceptAsync"/> or decline.</summary>
/// <param name="ChannelId">The DM.</param>
/// <param name="Caller">Who calls.</param>
/// <param name="CallerDevice">The caller's device.</param>
/// <param name="CallerJoinId">The caller's join of the DM's call.</param>
/// <param name="Video">The caller starts with the camera on.</param>
/// <param name="ExpiresAt">When the ring stops by itself.</param>
public sealed record IncomingCall(ChannelId ChannelId, UserId Caller, DeviceId CallerDevice, Guid CallerJoinId, bool Video, DateTimeOffset ExpiresAt);
