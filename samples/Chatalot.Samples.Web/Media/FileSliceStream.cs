using Chatalot.Samples.Web.Browser;

namespace Chatalot.Samples.Web.Media;

/// <summary>
/// Reads a local file the composer holds in media.js one 1 MiB <c>Blob.slice</c> at a time, so the file is never whole
/// in WebAssembly memory; each read first lets the browser's event loop run (WebAssembly here has one thread, and the
/// SDK encrypts chunk after chunk).
/// </summary>
public sealed class FileSliceStream(MediaInterop media, string fileId, long length) : Stream
{
    private const int SliceSize = 1024 * 1024;
    private byte[] _slice = [];
    private int _sliceOffset;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sliceOffset >= _slice.Length)
        {
            var fetched = _position + _sliceOffset;
            if (fetched >= length || buffer.IsEmpty)
            {
                return 0;
            }

            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            _slice = await media.ReadSliceAsync(fileId, fetched, (int)Math.Min(SliceSize, length - fetched), cancellationToken)
                ?? throw new IOException("The file is no longer available in the page.");
            _position = fetched;
            _sliceOffset = 0;
            if (_slice.Length == 0)
            {
                throw new IOException("The file ended before its announced length.");
            }
        }

        var count = Math.Min(buffer.Length, _slice.Length - _sliceOffset);
        _slice.AsMemory(_sliceOffset, count).CopyTo(buffer);
        _sliceOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously: the browser has no blocking reads.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
