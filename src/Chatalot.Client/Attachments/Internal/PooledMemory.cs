using System.Buffers;

namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// A <see cref="MemoryPool{T}"/> over <see cref="ArrayPool{T}.Shared"/>. A <see cref="System.IO.Pipelines.Pipe"/> given
/// <see cref="MemoryPool{T}.Shared"/> allocates a new array per segment (it treats that pool as "use the GC"), which for
/// a download would allocate as much as the file; this one reuses segments, so a download allocates next to nothing.
/// </summary>
internal sealed class PooledMemory : MemoryPool<byte>
{
    public static readonly PooledMemory Instance = new();

    public override int MaxBufferSize => Array.MaxLength;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Owner(ArrayPool<byte>.Shared.Rent(minBufferSize < 0 ? 4096 : minBufferSize));

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Owner(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Owner));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                // Plaintext passed through it: wipe before another renter sees it.
                ArrayPool<byte>.Shared.Return(returned, clearArray: true);
            }
        }
    }
}
