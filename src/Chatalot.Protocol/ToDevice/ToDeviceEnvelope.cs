namespace Chatalot.Protocol.ToDevice;

/// <summary>One opaque payload for one recipient device.</summary>
/// <param name="UserId">The recipient user.</param>
/// <param name="DeviceId">The recipient device.</param>
/// <param name="Payload">The encrypted payload, opaque to the server (at most 64 KiB).</param>
public sealed record ToDeviceEnvelope(Guid UserId, int DeviceId, byte[] Payload);
