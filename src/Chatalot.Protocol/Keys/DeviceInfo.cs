namespace Chatalot.Protocol.Keys;

/// <summary>A device with published keys.</summary>
/// <param name="UserId">The device's owner.</param>
/// <param name="DeviceId">The device id (a positive 32-bit integer chosen by the client).</param>
/// <param name="IdentityKey">The device's Ed25519 identity public key.</param>
/// <param name="DeviceName">The device label, if any.</param>
/// <param name="CreatedAt">When the device first published keys.</param>
/// <param name="UpdatedAt">When it last uploaded keys.</param>
public sealed record DeviceInfo(
    Guid UserId,
    int DeviceId,
    byte[] IdentityKey,
    string? DeviceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
