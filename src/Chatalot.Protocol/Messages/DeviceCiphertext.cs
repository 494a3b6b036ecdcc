namespace Chatalot.Protocol.Messages;

/// <summary>A ciphertext for one recipient device (direct messages are encrypted per device).</summary>
/// <param name="UserId">The recipient user.</param>
/// <param name="DeviceId">The recipient device.</param>
/// <param name="Ciphertext">The opaque ciphertext.</param>
public sealed record DeviceCiphertext(Guid UserId, int DeviceId, byte[] Ciphertext);
