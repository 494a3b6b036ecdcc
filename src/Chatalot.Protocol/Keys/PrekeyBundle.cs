namespace Chatalot.Protocol.Keys;

/// <summary>
/// What a sender needs to start a session with one device. Fetching it consumes one one-time prekey of
/// each kind atomically; when the one-time KEM prekeys run out the last-resort KEM prekey is returned.
/// </summary>
/// <param name="UserId">The device's owner.</param>
/// <param name="DeviceId">The device id.</param>
/// <param name="IdentityKey">The device's Ed25519 identity public key.</param>
/// <param name="SignedPrekey">The current signed X25519 prekey.</param>
/// <param name="KemPrekey">A one-time ML-KEM prekey, or the last-resort one.</param>
/// <param name="KemPrekeyIsLastResort">Whether <paramref name="KemPrekey"/> is the reusable last-resort key.</param>
/// <param name="OneTimePrekey">A one-time X25519 prekey, or <see langword="null"/> when none is left.</param>
public sealed record PrekeyBundle(
    Guid UserId,
    int DeviceId,
    byte[] IdentityKey,
    SignedPrekey SignedPrekey,
    SignedPrekey KemPrekey,
    bool KemPrekeyIsLastResort,
    OneTimePrekey? OneTimePrekey);
