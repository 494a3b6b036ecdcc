namespace Chatalot.Protocol.Devices;

/// <summary>
/// A device link in progress (crypto.md §15.4), relayed by the server between a new device of the account and an
/// existing one. Fields appear as the steps happen; a link expires <see cref="ExpiresAt"/> and is then gone.
/// </summary>
/// <param name="Id">The link id (part of the transcript).</param>
/// <param name="DeviceId">The new device's id.</param>
/// <param name="IdentityKey">The new device's Ed25519 identity public key.</param>
/// <param name="DeviceName">The new device's label, if any.</param>
/// <param name="Commitment">The new device's commitment to its ephemeral keys (32 bytes).</param>
/// <param name="State">Where the link stands.</param>
/// <param name="ResponderDeviceId">The existing device that responded, once one did.</param>
/// <param name="ResponderKey">The existing device's ephemeral X25519 key, once it responded.</param>
/// <param name="EphemeralKey">The new device's ephemeral X25519 key, once revealed.</param>
/// <param name="KemKey">The new device's ephemeral ML-KEM-768 key, once revealed.</param>
/// <param name="Sealed">The ML-KEM ciphertext followed by the sealed payload, once approved.</param>
/// <param name="CreatedAt">When the new device asked.</param>
/// <param name="ExpiresAt">When the server forgets the link.</param>
public sealed record DeviceLink(
    Guid Id,
    int DeviceId,
    byte[] IdentityKey,
    string? DeviceName,
    byte[] Commitment,
    DeviceLinkState State,
    int? ResponderDeviceId,
    byte[]? ResponderKey,
    byte[]? EphemeralKey,
    byte[]? KemKey,
    byte[]? Sealed,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
