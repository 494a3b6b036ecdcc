namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>A stored message key seed for a message that has not arrived yet (ratchet key, message number).</summary>
internal readonly record struct SkippedKey(byte[] RatchetKey, uint Number, byte[] MessageKeySeed);
