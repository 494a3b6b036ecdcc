using System.Buffers;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Collects one inbound frame in arrays rented from the shared pool and returns them when disposed: a busy connection
/// receives thousands of frames a second, and a fresh 4 KiB array per frame was the gateway's largest source of garbage.
/// Nothing is rented until the first payload byte is read.
/// </summary>
internal sealed class PooledFrameBuffer : IDisposable
{
    private const int ReadSize = 4096;
    private byte[]? _array;
    private int _written;

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    /// <summary>Room for the next read: at least half a read size, growing by doubling.</summary>
    public Memory<byte> GetMemory()
    {
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(ReadSize);
        }
        else if (_array.Length - _written < ReadSize / 2)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + ReadSize));
            _array.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        return _array.AsMemory(_written);
    }

    public void Advance(int count) => _written += count;

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }
}
