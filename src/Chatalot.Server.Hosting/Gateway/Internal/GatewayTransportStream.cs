using System.Buffers;
using System.Buffers.Binary;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// The upgraded connection under the gateway's <c>WebSocket</c>. It follows the RFC 6455 §5.2 frame headers as the
/// bytes go by (a few header bytes per frame; payloads are skipped, never copied or unmasked), because the managed
/// WebSocket cannot be told a frame size limit: it would accept a header declaring 2^62 bytes and wait for them, and
/// the gateway would learn of it only at its heartbeat timeout. Here such a header is noticed as soon as it is read.
/// </summary>
/// <remarks>
/// It also notices close frames in both directions, so the endpoint can finish the closing handshake (RFC 6455 §7.1.1)
/// itself after the managed WebSocket gave up on a protocol violation: without waiting for the client's close the
/// server ended the request at once and the transport reset the TCP connection, losing the close frame in flight.
/// </remarks>
internal sealed class GatewayTransportStream(Stream inner, long maxFramePayload) : Stream
{
    private const int CloseOpcode = 0x8;

    // The longest header: 2 bytes, 8 of extended length, 4 of mask key.
    private readonly byte[] _header = new byte[14];
    private int _headerCount;
    private long _payloadLeft;
    private volatile bool _oversized;
    private volatile bool _peerClosed;
    private volatile bool _closeSent;

    /// <summary>True once a client frame header declared a payload over the limit.</summary>
    public bool Oversized => _oversized;

    /// <summary>True once the client's close frame (or the end of its stream) was read.</summary>
    public bool PeerClosed => _peerClosed;

    /// <summary>True once a close frame was written to the client.</summary>
    public bool CloseSent => _closeSent;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// After the server's close frame: reads (and discards) what the client still sends until its close frame or the
    /// end of its stream, at most <paramref name="grace"/>, so that ending the connection afterwards cannot cut off the
    /// close frame. Never throws.
    /// </summary>
    public async Task AwaitPeerCloseAsync(TimeSpan grace, TimeProvider time)
    {
        if (_peerClosed)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(grace, time);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (!_peerClosed && await ReadAsync(buffer, timeout.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Reset, timed out or torn down: nothing more to wait for.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read], buffer.IsEmpty);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read], buffer.IsEmpty);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The managed WebSocket writes each frame with one call, header first: its first byte says whether it is a close.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        NoteWrite(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        NoteWrite(buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Not passed on: the server owns the upgraded connection and ends it with the request, after the endpoint is done
    // with it (the managed WebSocket disposes its stream first).
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    private void NoteWrite(ReadOnlySpan<byte> frame)
    {
        if (!frame.IsEmpty && (frame[0] & 0x0F) == CloseOpcode)
        {
            _closeSent = true;
        }
    }

    /// <summary>Walks the frame headers in <paramref name="data"/>, skipping payloads. Reads never overlap, so no locking.</summary>
    private void Inspect(ReadOnlySpan<byte> data, bool zeroByteRead)
    {
        if (data.IsEmpty)
        {
            // Nothing read into a real buffer is the end of the stream; a zero-byte read only waited for data.
            _peerClosed |= !zeroByteRead;
            return;
        }

        var i = 0;
        while (i < data.Length)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, data.Length - i);
                i += skip;
                _payloadLeft -= skip;
                continue;
            }

            _header[_headerCount++] = data[i++];
            if (_headerCount >= 2 && _headerCount == HeaderLength())
            {
                OnHeader();
                _headerCount = 0;
            }
        }
    }

    private int HeaderLength()
    {
        var length7 = _header[1] & 0x7F;
        var extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        var mask = (_header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    private void OnHeader()
    {
        long length = (_header[1] & 0x7F) switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
            127 => BinaryPrimitives.ReadInt64BigEndian(_header.AsSpan(2)),
            var small => small,
        };

        // A negative length is a 64-bit length with its most significant bit set, which §5.2 forbids.
        if (length < 0 || length > maxFramePayload)
        {
            _oversized = true;
        }

        if ((_header[0] & 0x0F) == CloseOpcode)
        {
            _peerClosed = true;
        }

        _payloadLeft = Math.Max(length, 0);
    }
}
