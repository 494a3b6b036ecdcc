using System.Buffers;
using System.Security.Cryptography;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// The write side of an upload: <see cref="Crypto.AttachmentCipher"/> writes ciphertext here, and every full chunk goes
/// out as one <c>PATCH</c> while the cipher fills the other buffer, so encryption overlaps the network and memory holds
/// two chunks whatever the file size. A chunk cut off by a dropped connection is resumed from the server's offset out
/// of the buffer still held (rest.md §Attachments).
/// </summary>
internal sealed class UploadChunkStream : Stream
{
    private readonly ChatalotRestClient _rest;
    private readonly Guid _upload;
    private readonly long _length;
    private readonly int _chunkSize;
    private readonly AttachmentOptions _options;
    private readonly TimeProvider _time;
    private readonly IProgress<TransferProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private byte[] _filling;
    private byte[] _spare;
    private int _filled;
    private long _dispatched;
    private Task? _inFlight;

    public UploadChunkStream(ChatalotRestClient rest, Guid upload, long length, AttachmentOptions options, TimeProvider time, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        _rest = rest;
        _upload = upload;
        _length = length;
        _options = options;
        _time = time;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _chunkSize = (int)Math.Min(options.UploadChunkSize, Math.Max(length, 1));
        _filling = ArrayPool<byte>.Shared.Rent(_chunkSize);
        _spare = ArrayPool<byte>.Shared.Rent(_chunkSize);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _chunkSize - _filled);
            buffer.Span[..count].CopyTo(_filling.AsSpan(_filled));
            _filled += count;
            buffer = buffer[count..];
            if (_filled == _chunkSize)
            {
                await DispatchAsync().ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Uploads are written asynchronously.");

    /// <summary>Sends what is left and waits until the server holds every byte.</summary>
    public async Task FinishAsync()
    {
        if (_filled > 0)
        {
            await DispatchAsync().ConfigureAwait(false);
        }

        if (_inFlight is { } last)
        {
            _inFlight = null;
            await last.ConfigureAwait(false);
        }

        if (_dispatched != _length)
        {
            throw LengthMismatch();
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_inFlight is { } pending)
        {
            // Only after a failure elsewhere (the source threw, or the caller cancelled): that error is the one reported.
            _inFlight = null;
            await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        ArrayPool<byte>.Shared.Return(_filling);
        ArrayPool<byte>.Shared.Return(_spare);
        _filling = _spare = [];
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private ChatalotClientException LengthMismatch() =>
        new(ClientErrorCodes.AttachmentLengthMismatch, $"The encrypted file came to a different length than the {_length} bytes declared.");

    private async Task DispatchAsync()
    {
        if (_inFlight is { } previous)
        {
            // The previous chunk holds the other buffer until the server has all of it.
            _inFlight = null;
            await previous.ConfigureAwait(false);
        }

        if (_dispatched + _filled > _length)
        {
            throw LengthMismatch();
        }

        var chunk = _filling;
        var count = _filled;
        var start = _dispatched;
        _dispatched += count;
        _filled = 0;
        (_filling, _spare) = (_spare, chunk);
        // On the thread pool, so the cipher goes on filling the other buffer while this chunk is on the wire.
        _inFlight = Task.Run(() => SendChunkAsync(chunk, count, start), CancellationToken.None);
    }

    private async Task SendChunkAsync(byte[] chunk, int count, long start)
    {
        var retry = new TransferRetry(_options, _time);
        var sent = 0;
        var resync = false;
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (resync)
                {
                    var upload = await _rest.GetUploadAsync(_upload, _cancellationToken).ConfigureAwait(false);
                    sent = Within(upload.Offset, start, count);
                    resync = false;
                    if (sent == count)
                    {
                        Report(start + sent);
                        return;
                    }
                }

                // A checksum covers a whole chunk only, so it goes with a chunk sent from its start (rest.md §Attachments).
                var checksum = _options.SendChunkChecksums && sent == 0 ? SHA256.HashData(chunk.AsSpan(0, count)) : null;
                var offset = await _rest.AppendUploadAsync(_upload, start + sent, chunk.AsMemory(sent, count - sent), checksum, _cancellationToken).ConfigureAwait(false);
                sent = Within(offset, start, count);
                retry.Reset();
                Report(start + sent);
                if (sent == count)
                {
                    return;
                }
            }
            catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.OffsetMismatch && ex.UploadOffset is { } serverOffset)
            {
                // An earlier attempt landed after all (its answer was lost): carry on from where the server is.
                sent = Within(serverOffset, start, count);
                await retry.FailedAsync(ex, "upload", _cancellationToken).ConfigureAwait(false);
                if (sent == count)
                {
                    Report(start + sent);
                    return;
                }
            }
            catch (Exception ex) when (TransferRetry.IsTransient(ex, _cancellationToken) || ex is ChatalotApiException { Code: ErrorCodes.ChecksumMismatch })
            {
                await retry.FailedAsync(ex, "upload", _cancellationToken).ConfigureAwait(false);
                resync = true;
            }
        }
    }

    /// <summary>Where the server's offset falls in the chunk held; outside it, the server lost acknowledged bytes and the upload cannot go on.</summary>
    private static int Within(long serverOffset, long start, int count) =>
        serverOffset >= start && serverOffset <= start + count
            ? (int)(serverOffset - start)
            : throw new ChatalotClientException(ClientErrorCodes.InvalidResponse, $"The server's upload offset {serverOffset} is outside the chunk being sent ({start}…{start + count}).");

    private void Report(long acknowledged) => _progress?.Report(new TransferProgress(acknowledged, _length));
}
