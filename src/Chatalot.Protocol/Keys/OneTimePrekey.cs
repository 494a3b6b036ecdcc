namespace Chatalot.Protocol.Keys;

/// <summary>An X25519 one-time prekey; handed out at most once.</summary>
/// <param name="KeyId">The client-chosen key id, unique per device.</param>
/// <param name="PublicKey">The public key bytes, opaque to the server.</param>
public sealed record OneTimePrekey(uint KeyId, byte[] PublicKey);
