using System.Security.Cryptography;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// The body of one <c>PATCH</c> as the blob store reads it: refuses to yield more than <c>limit</c> bytes (the body
/// would run past the upload's length), counts what it yielded and, when the client sent a checksum, hashes it on the way.
/// It also feeds the upload's running digest, when there is one (<see cref="RunningDigests"/>).
/// </summary>
internal sealed class ChunkStream(Stream inner, long limit, bool hash, RunningDigests.Digest? running = null) : Stream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public byte[] Hash() => _hash?.GetHashAndReset() ?? [];

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Ask for one byte more than may come, so a body that runs past the limit is seen before any of it is kept.
        var room = limit - BytesRead;
        var want = (int)Math.Min(buffer.Length, room + 1);
        // Not cancelled with the request: when the client drops, the body still yields what arrived before failing,
        // so those bytes are kept (Kestrel ends a stalled body itself, MinRequestBodyDataRate).
        var read = await inner.ReadAsync(buffer[..want], CancellationToken.None).ConfigureAwait(false);
        if (read > room)
        {
            throw new OverflowException();
        }

        _hash?.AppendData(buffer.Span[..read]);
        running?.Append(buffer.Span[..read]);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The body holds more bytes than the upload has room for.</summary>
    internal sealed class OverflowException : IOException
    {
        public OverflowException()
            : base("The body runs past the upload's length.")
        {
        }

        public OverflowException(string message)
            : base(message)
        {
        }

        public OverflowException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}

/// <summary>A write-only stream that feeds a hash (the digest check at completion reads the blob through it).</summary>
internal sealed class HashingSink(IncrementalHash hash) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        hash.AppendData(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
