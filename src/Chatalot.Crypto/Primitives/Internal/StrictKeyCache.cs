using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// Remembers Ed25519 public keys that passed <see cref="Ed25519Strict.IsStrictPoint"/>. The check is a full point
/// validation (about the cost of a verification); the keys it guards (identity keys, sender signing keys) verify
/// thousands of signatures each, so each is checked once rather than per signature. Only keys that passed are kept,
/// so a stream of bad keys cannot evict good ones into acceptance; a full cache starts over.
/// </summary>
internal sealed class StrictKeyCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<Key, byte> _valid = new();

    public bool IsStrictPoint(ReadOnlySpan<byte> publicKey)
    {
        var key = new Key(publicKey);
        if (_valid.ContainsKey(key))
        {
            return true;
        }

        if (!Ed25519Strict.IsStrictPoint(publicKey))
        {
            return false;
        }

        if (_valid.Count >= capacity)
        {
            _valid.Clear();
        }

        _valid.TryAdd(key, 0);
        return true;
    }

    /// <summary>The 32 key bytes as four words: equality over all of them, no allocation.</summary>
    private readonly record struct Key(ulong A, ulong B, ulong C, ulong D)
    {
        public Key(ReadOnlySpan<byte> bytes)
            : this(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]))
        {
        }
    }
}
