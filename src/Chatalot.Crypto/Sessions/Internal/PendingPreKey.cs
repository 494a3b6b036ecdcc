namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>
/// What the initiator repeats in every message until the responder's first reply authenticates (§5.2): the
/// prekey ids it used and the KEM ciphertext.
/// </summary>
internal sealed record PendingPreKey(uint SignedPreKeyId, uint? OneTimePreKeyId, uint KemPreKeyId, byte[] KemCiphertext);
