namespace Chatalot.Protocol.Devices;

/// <summary>Body of <c>POST /api/v1/users/me/device-links</c>: a new device asks to be linked (crypto.md §15.4 step 1).</summary>
/// <param name="DeviceId">The new device's id.</param>
/// <param name="IdentityKey">The new device's Ed25519 identity public key (32 bytes).</param>
/// <param name="Commitment">SHA-256 commitment to the device's ephemeral keys (32 bytes).</param>
/// <param name="DeviceName">An optional label shown on the approving device.</param>
public sealed record CreateDeviceLinkRequest(int DeviceId, byte[] IdentityKey, byte[] Commitment, string? DeviceName = null);

/// <summary>Body of <c>POST /api/v1/users/me/device-links/{link_id}/respond</c>: an existing device's ephemeral key (step 2).</summary>
/// <param name="DeviceId">The responding device.</param>
/// <param name="EphemeralKey">Its ephemeral X25519 public key (32 bytes).</param>
public sealed record RespondDeviceLinkRequest(int DeviceId, byte[] EphemeralKey);

/// <summary>Body of <c>POST /api/v1/users/me/device-links/{link_id}/reveal</c>: the new device's keys (step 3).</summary>
/// <param name="EphemeralKey">The ephemeral X25519 public key (32 bytes).</param>
/// <param name="KemKey">The ephemeral ML-KEM-768 public key (1,184 bytes).</param>
public sealed record RevealDeviceLinkRequest(byte[] EphemeralKey, byte[] KemKey);

/// <summary>Body of <c>POST /api/v1/users/me/device-links/{link_id}/approve</c>: the sealed payload (step 5).</summary>
/// <param name="Sealed">The ML-KEM ciphertext (1,088 bytes) followed by the sealed payload.</param>
public sealed record ApproveDeviceLinkRequest(byte[] Sealed);
