namespace Chatalot.Protocol.Keys;

/// <summary>
/// Body of <c>PUT /api/v1/keys/devices/{device_id}</c>: publishes (or refreshes) one device's keys.
/// A device id that already has a different identity key is refused with <c>identity_key_conflict</c>;
/// delete the device first, so an identity change is always explicit.
/// </summary>
/// <param name="IdentityKey">The device's 32-byte Ed25519 identity public key.</param>
/// <param name="SignedPrekey">The current X25519 signed prekey.</param>
/// <param name="LastResortKemPrekey">The signed ML-KEM prekey handed out when no one-time KEM prekey is left.</param>
/// <param name="OneTimePrekeys">X25519 one-time prekeys to add (at most 200).</param>
/// <param name="OneTimeKemPrekeys">Signed one-time ML-KEM prekeys to add (at most 200).</param>
/// <param name="DeviceName">An optional label for the device.</param>
public sealed record DeviceKeysUpload(
    byte[] IdentityKey,
    SignedPrekey SignedPrekey,
    SignedPrekey LastResortKemPrekey,
    IReadOnlyList<OneTimePrekey>? OneTimePrekeys = null,
    IReadOnlyList<SignedPrekey>? OneTimeKemPrekeys = null,
    string? DeviceName = null);
