using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Chatalot.Crypto.Internal;

/// <summary>Growable big-endian writer for records and messages; <see cref="Dispose"/> wipes the buffer.</summary>
internal sealed class WireWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }

    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(GetSpan(bytes.Length));

    public void WriteByte(byte value) => GetSpan(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value);

    public void WriteLengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        Write(bytes);
    }

    public void WriteString(string value)
    {
        var count = WireReader.StrictUtf8.GetByteCount(value);
        WriteUInt32((uint)count);
        WireReader.StrictUtf8.GetBytes(value, GetSpan(count));
    }

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Ensure(int size)
    {
        if (_length + size <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _length));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
