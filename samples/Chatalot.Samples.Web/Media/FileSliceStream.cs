using System.Runtime.Versioning;
using Chatalot.Samples.Web.Browser;

namespace Chatalot.Samples.Web.Media;

/// <summary>
/// Reads a local file the composer holds in media.js one 1 MiB <c>Blob.slice</c> at a time, so the file is never whole
/// in WebAssembly memory: the slice stays in JS and each read copies from it straight into the caller's buffer
/// (<see cref="MediaBytes"/>), so reading allocates no .NET array. Each new slice first lets the browser's event loop
/// run (WebAssembly here has one thread, and the SDK encrypts chunk after chunk).
/// </summary>
[SupportedOSPlatform("browser")]
public sealed class FileSliceStream(string fileId, long length) : Stream
{
    private const int SliceSize = 1024 * 1024;
    private long _sliceStart;
    private int _sliceLength;
    private int _sliceOffset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _sliceStart + _sliceOffset;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sliceOffset >= _sliceLength)
        {
            var next = _sliceStart + _sliceLength;
            if (next >= length || buffer.IsEmpty)
            {
                return 0;
            }

            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = await MediaBytes.LoadSliceAsync(fileId, next, (int)Math.Min(SliceSize, length - next));
            _sliceStart = next;
            _sliceLength = loaded switch
            {
                < 0 => throw new IOException("The file is no longer available in the page."),
                0 => throw new IOException("The file ended before its announced length."),
                _ => loaded,
            };
            _sliceOffset = 0;
        }

        var count = MediaBytes.CopySlice(fileId, _sliceOffset, buffer.Span[..Math.Min(buffer.Length, _sliceLength - _sliceOffset)]);
        if (count <= 0)
        {
            throw new IOException("The file's slice is no longer available in the page.");
        }

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
