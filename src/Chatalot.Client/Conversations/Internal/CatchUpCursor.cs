using System.Buffers.Binary;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// A channel's persisted catch-up position: the newest message handled, and the ids handled within
/// <see cref="Overlap"/> before it. Message ids are UUIDv7 stamped before commit, so with several server nodes (or
/// concurrent sends on one) a message with a lower id can commit after a higher one was seen: catch-up re-reads the
/// overlap, and the remembered ids keep what was handled there from surfacing twice, also after a restart.
/// Stored as the cursor's 16 bytes followed by 16 per remembered id; a record of the cursor alone (the earlier
/// format) reads as remembering none.
/// </summary>
internal sealed record CatchUpCursor(Guid Newest, IReadOnlyList<Guid> Handled)
{
    /// <summary>How far before the cursor a catch-up reads again: far longer than a send takes from its id to its commit.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    /// <summary>At most this many ids are remembered per channel (the newest ones); a busier overlap may surface a few again.</summary>
    public const int MaxHandled = 2_000;

    private const int IdSize = 16;

    public byte[] Serialize()
    {
        var bytes = new byte[IdSize * (1 + Handled.Count)];
        Newest.TryWriteBytes(bytes);
        for (var i = 0; i < Handled.Count; i++)
        {
            Handled[i].TryWriteBytes(bytes.AsSpan(IdSize * (i + 1)));
        }

        return bytes;
    }

    /// <summary>Reads a record; null when it is not one (then the channel is caught up as if never read).</summary>
    public static CatchUpCursor? Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < IdSize || data.Length % IdSize != 0 || data.Length / IdSize - 1 > MaxHandled)
        {
            return null;
        }

        var handled = new Guid[data.Length / IdSize - 1];
        for (var i = 0; i < handled.Length; i++)
        {
            handled[i] = new Guid(data.Slice(IdSize * (i + 1), IdSize));
        }

        return new CatchUpCursor(new Guid(data[..IdSize]), handled);
    }

    /// <summary>The 48-bit millisecond timestamp of a UUIDv7 (RFC 9562 §5.7), as the server's clock stamped it.</summary>
    public static DateTimeOffset TimeOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[IdSize];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16));
    }
}
