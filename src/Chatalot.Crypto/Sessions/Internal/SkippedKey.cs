namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>
/// A stored message key seed for a message that has not arrived yet (ratchet key, message number), with the time it
/// was stored (Unix ms; 0 = unknown, read from a version-1 record and stamped at the next commit).
/// </summary>
internal readonly record struct SkippedKey(byte[] RatchetKey, uint Number, byte[] MessageKeySeed, long StoredAtMs)
{
    /// <summary>True once the key is <see cref="ProtocolConstants.MaxSkippedKeyAge"/> old or older (§6.5).</summary>
    public bool IsExpired(long nowMs) => StoredAtMs != 0 && nowMs - StoredAtMs >= (long)ProtocolConstants.MaxSkippedKeyAge.TotalMilliseconds;
}
