using Chatalot.Client.Rest;

namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// The ciphertext of one attachment as a read stream that survives dropped connections: a read that fails (or a body
/// that ends before the file does) opens the file again with <c>Range</c> from the byte reached, with the bounded
/// retries of <see cref="TransferRetry"/>. A connection that stays open but delivers nothing for
/// <see cref="AttachmentOptions.DownloadStallTimeout"/> counts as dropped too. What it returns is unverified ciphertext; the cipher above checks it.
/// </summary>
internal sealed class ResumingDownloadStream : Stream
{
    private readonly ChatalotRestClient _rest;
    private readonly Guid _attachment;
    private readonly TransferRetry _retry;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stall;
    private Stream? _current;
    private long? _end;
    private long _position;

    private ResumingDownloadStream(ChatalotRestClient rest, Guid attachment, TransferRetry retry, AttachmentOptions options, TimeProvider time, ResponseStream first)
    {
        _rest = rest;
        _attachment = attachment;
        _retry = retry;
        _stallTimeout = options.DownloadStallTimeout;
        _time = time;
        _current = first;
        _end = first.End;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Opens the download (retrying a server that cannot be reached); an error the server gives, such as <c>not_found</c>, surfaces here.</summary>
    public static async Task<ResumingDownloadStream> OpenAsync(ChatalotRestClient rest, Guid attachment, AttachmentOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var retry = new TransferRetry(options, time);
        while (true)
        {
            try
            {
                var first = (ResponseStream)await rest.OpenAttachmentAsync(attachment, 0, cancellationToken).ConfigureAwait(false);
                return new ResumingDownloadStream(rest, attachment, retry, options, time, first);
            }
            catch (Exception ex) when (TransferRetry.IsTransient(ex, cancellationToken))
            {
                await retry.FailedAsync(ex, "download", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            try
            {
                if (_current is null)
                {
                    if (_end is { } known && _position >= known)
                    {
                        return 0;
                    }

                    var next = (ResponseStream)await _rest.OpenAttachmentAsync(_attachment, _position, cancellationToken).ConfigureAwait(false);
                    _current = next;
                    _end ??= next.End;
                }

                var read = await ReadWatchedAsync(_current, buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0 && _end is { } end && _position < end)
                {
                    throw new IOException($"The download ended at byte {_position} of {end}.");
                }

                if (read > 0)
                {
                    _position += read;
                    _retry.Reset();
                }

                return read;
            }
            catch (Exception ex) when (TransferRetry.IsTransient(ex, cancellationToken))
            {
                await DropCurrentAsync().ConfigureAwait(false);
                await _retry.FailedAsync(ex, "download", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Downloads read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await DropCurrentAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
            _stall?.Dispose();
            _stall = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>One read of the open response, failed with an <see cref="IOException"/> if no byte comes within the stall timeout.</summary>
    private async ValueTask<int> ReadWatchedAsync(Stream current, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_stallTimeout == Timeout.InfiniteTimeSpan)
        {
            return await current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _stall ??= new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stall.Token) : null;
        _stall.CancelAfter(_stallTimeout);
        try
        {
            return await current.ReadAsync(buffer, linked?.Token ?? _stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A spent source can't be re-armed: the next read gets a fresh one.
            _stall.Dispose();
            _stall = null;
            throw new IOException($"No byte of the download arrived for {_stallTimeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            _stall?.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private async ValueTask DropCurrentAsync()
    {
        if (_current is { } current)
        {
            _current = null;
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }
}
