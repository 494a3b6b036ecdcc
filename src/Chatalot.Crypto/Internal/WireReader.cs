using System.Buffers.Binary;

namespace Chatalot.Crypto.Internal;

/// <summary>
/// Bounds-checked reader over untrusted bytes: every failure becomes the typed exception chosen by the caller,
/// never an IndexOutOfRangeException.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly Func<string, Exception> _error;
    private int _position;

    public WireReader(ReadOnlySpan<byte> data, Func<string, Exception> error)
    {
        _data = data;
        _error = error;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly int Position => _position;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw _error("Input is truncated.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte[] ReadArray(int count) => ReadBytes(count).ToArray();

    public byte ReadByte() => ReadBytes(1)[0];

    public bool ReadBool() => ReadByte() switch
    {
        0 => false,
        1 => true,
        _ => throw _error("Invalid boolean."),
    };

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8));

    /// <summary>A u32-length-prefixed byte string with an upper bound.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed(int maxLength)
    {
        var length = ReadUInt32();
        if (length > (uint)maxLength)
        {
            throw _error("Length prefix out of range.");
        }

        return ReadBytes((int)length);
    }

    public string ReadString(int maxLength)
    {
        try
        {
            return StrictUtf8.GetString(ReadLengthPrefixed(maxLength));
        }
        catch (ArgumentException)
        {
            throw _error("Invalid UTF-8 string.");
        }
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw _error("Unexpected trailing bytes.");
        }
    }

    public static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
