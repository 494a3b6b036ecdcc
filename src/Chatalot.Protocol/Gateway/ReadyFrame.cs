namespace Chatalot.Protocol.Gateway;

/// <summary>Authentication succeeded; a new session started.</summary>
/// <param name="SessionId">The gateway session id to resume with.</param>
/// <param name="UserId">The authenticated user.</param>
/// <param name="DeviceId">The device, if given.</param>
/// <param name="PendingToDevice">How many to-device messages wait in the inbox (they follow as events).</param>
public sealed record ReadyFrame(Guid SessionId, Guid UserId, int? DeviceId, int PendingToDevice) : ServerFrame;
