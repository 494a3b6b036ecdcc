namespace Chatalot.Protocol.Keys;

/// <summary>
/// A prekey signed by the device's Ed25519 identity key: the X25519 signed prekey, or an ML-KEM prekey.
/// The server verifies <see cref="Signature"/> on upload over the exact byte strings of <c>docs/protocol/crypto.md</c> §4.2 (see <c>docs/protocol/rest.md</c> §Keys).
/// </summary>
/// <param name="KeyId">The client-chosen key id, unique per device and key kind.</param>
/// <param name="PublicKey">The public key bytes, opaque to the server.</param>
/// <param name="Signature">The 64-byte Ed25519 signature.</param>
public sealed record SignedPrekey(uint KeyId, byte[] PublicKey, byte[] Signature);
