namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// Reads exactly the declared number of bytes from the caller's stream: the ciphertext length was reserved on the server
/// up front, so a source that ends early or runs on is refused (<c>attachment_length_mismatch</c>) rather than uploaded.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long declared) : Stream
{
    private readonly long _length = declared;
    private long _remaining = declared;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_remaining == 0)
        {
            // One probe byte tells a source that ends here from one that holds more than declared.
            var probe = new byte[1];
            return await inner.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0 ? 0 : throw Mismatch("more");
        }

        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw Mismatch("fewer");
        }

        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Uploads read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private ChatalotClientException Mismatch(string how) =>
        new(ClientErrorCodes.AttachmentLengthMismatch, $"The file's stream holds {how} bytes than the {_length} declared.");
}
