using System.IO.Pipelines;
using Chatalot.Crypto;

namespace Chatalot.Client.Attachments.Internal;

/// <summary>
/// Plaintext of an attachment as it downloads: <see cref="AttachmentCipher.DecryptAsync"/> runs on the download and
/// writes each chunk into a small pipe as it authenticates (crypto.md §8), and the reader takes it from there. When
/// the file does not verify (a chunk, the length or the digest), the read after the last good chunk throws
/// <c>attachment_integrity</c>: whatever was read before must then be discarded. Memory is the pipe's bound plus the
/// cipher's two chunks, whatever the file size.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    private const long PauseAt = 1024 * 1024;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly Stream _reader;
    private readonly Task _pump;
    private bool _disposed;

    public DecryptingStream(Stream ciphertext, AttachmentSecrets secrets, AttachmentCipher cipher)
    {
        _reader = _pipe.Reader.AsStream();
        _pump = Task.Run(() => PumpAsync(ciphertext, secrets, cipher), CancellationToken.None);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await StopAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;

            // The pump stops on its own once cancelled; it disposes the download.
            _stop.Cancel();
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reader.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PumpAsync(Stream ciphertext, AttachmentSecrets secrets, AttachmentCipher cipher)
    {
        var writer = _pipe.Writer;
        try
        {
            await using (ciphertext.ConfigureAwait(false))
            {
                await cipher.DecryptAsync(ciphertext, writer.AsStream(leaveOpen: true), secrets, _stop.Token).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (ChatalotCryptoException ex)
        {
            await writer.CompleteAsync(new ChatalotClientException(ClientErrorCodes.AttachmentIntegrity, "The attachment does not verify: discard what was read of it.", ex)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure is handed to the reader, which rethrows it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await writer.CompleteAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            secrets.Wipe();
        }
    }
}
