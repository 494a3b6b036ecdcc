using Chatalot.Client.Attachments.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Attachments;

/// <summary>
/// End-to-end encrypted files (client.md, "Files"): <see cref="UploadAsync"/> encrypts a stream with a fresh file key
/// (crypto.md §8) and uploads it in chunks, resuming after dropped connections; the returned
/// <see cref="AttachmentRef"/> goes into a message's <see cref="MessageContent.Attachments"/>, the only place its key
/// travels. <see cref="OpenAsync"/> downloads, decrypts and verifies a received reference as it is read. Memory stays
/// constant whatever the file size. The server sees ciphertext and its length only: never the name, media type or key.
/// Thread-safe.
/// </summary>
public sealed class AttachmentClient
{
    private readonly ChatalotRestClient _rest;
    private readonly AttachmentOptions _options;
    private readonly TimeProvider _time;
    private readonly AttachmentCipher _cipher = new();

    /// <summary>Creates an attachment client over a signed-in REST client (<c>IChatalotClient.Attachments</c> is one already).</summary>
    /// <param name="rest">The REST client, signed in.</param>
    /// <param name="options">Chunk size and retries; defaults when null.</param>
    /// <param name="timeProvider">The clock for waits between retries; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> are invalid.</exception>
    public AttachmentClient(ChatalotRestClient rest, AttachmentOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        _rest = rest;
        _options = options ?? new AttachmentOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Encrypts <paramref name="content"/> with a fresh file key and uploads it: checked first (name, media type, the
    /// server's largest file) so nothing is sent for a file that would be refused, then streamed in chunks of
    /// <see cref="AttachmentOptions.UploadChunkSize"/>, a dropped connection resuming from the server's offset. Send the
    /// returned reference in a message (or use <c>SendFileAsync</c>, which does both); an upload no message references
    /// is deleted by the server after a while.
    /// </summary>
    /// <param name="content">The plaintext, read from its current position to its end (exactly <see cref="AttachmentUpload.Length"/> bytes when not seekable).</param>
    /// <param name="upload">Name, media type and the optional details copied into the reference; <see cref="AttachmentUpload.Progress"/> hears each acknowledged chunk.</param>
    /// <param name="cancellationToken">Cancels the upload; the server's copy is then deleted (best effort).</param>
    /// <returns>The reference to put in a message: id, file key, digest, size, name, media type and the details given.</returns>
    /// <exception cref="ArgumentException">The stream is not seekable and no <see cref="AttachmentUpload.Length"/> was given.</exception>
    /// <exception cref="ChatalotClientException">
    /// <c>invalid_content</c> (name, media type, thumbnail or dimensions break content.md §3.1), <c>attachment_too_large</c>
    /// (before any byte is sent), <c>attachment_length_mismatch</c> (the stream held a different number of bytes than
    /// declared), <c>transfer_failed</c> (the connection kept failing past <see cref="AttachmentOptions.MaxRetries"/>).
    /// </exception>
    /// <exception cref="ChatalotApiException">The server refused: <c>quota_exceeded</c>, <c>forbidden</c> (may not post in the channel), …</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AttachmentRef> UploadAsync(Stream content, AttachmentUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(upload);
        Validate(upload);
        var length = LengthOf(content, upload);
        var ciphertextLength = AttachmentCipher.GetCiphertextLength(length);
        var storage = await _rest.GetStorageUsageAsync(cancellationToken).ConfigureAwait(false);
        if (ciphertextLength > storage.MaxAttachmentBytes)
        {
            throw new ChatalotClientException(ErrorCodes.AttachmentTooLarge, $"The file ({length} bytes) is larger than this server takes ({storage.MaxAttachmentBytes} bytes encrypted).");
        }

        var created = await _rest.CreateUploadAsync(new CreateUploadRequest(ciphertextLength, upload.ChannelId?.Value), cancellationToken).ConfigureAwait(false);
        try
        {
            AttachmentSecrets secrets;
            var sink = new UploadChunkStream(_rest, created.Id, ciphertextLength, _options, _time, upload.Progress, cancellationToken);
            await using (sink.ConfigureAwait(false))
            {
                secrets = await _cipher.EncryptAsync(new ExactLengthStream(content, length), sink, cancellationToken).ConfigureAwait(false);
                await sink.FinishAsync().ConfigureAwait(false);
            }

            try
            {
                var digest = secrets.Digest.ToArray();
                await CompleteAsync(created.Id, digest, cancellationToken).ConfigureAwait(false);
                return new AttachmentRef(created.Id, secrets.Key.ToArray(), digest, length, upload.MediaType, upload.Name, upload.Thumbnail)
                {
                    Width = upload.Width,
                    Height = upload.Height,
                    DurationMs = upload.DurationMs,
                    Gif = upload.Gif,
                };
            }
            finally
            {
                secrets.Wipe();
            }
        }
        catch (Exception)
        {
            // Cancelled or failed: free the reserved room now rather than when the orphan expires.
            await TryDeleteAsync(created.Id).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a received attachment for reading: the stream downloads, decrypts and verifies as it is read, resuming a
    /// dropped connection with <c>Range</c> from the byte reached. If anything does not verify (a chunk, the length,
    /// the digest), the read after the last good chunk throws <c>attachment_integrity</c>: treat everything read
    /// before it as garbage. Dispose the stream to stop the download.
    /// </summary>
    /// <param name="attachment">The reference from a message's <see cref="MessageContent.Attachments"/>.</param>
    /// <param name="cancellationToken">Cancels opening (reads take their own token).</param>
    /// <returns>The plaintext stream.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: the file is gone, or this user cannot read it.</exception>
    /// <exception cref="ChatalotClientException">
    /// <c>attachment_integrity</c> (the reference is malformed, or from a read: the file does not verify),
    /// <c>transfer_failed</c> (the connection kept failing).
    /// </exception>
    public async Task<Stream> OpenAsync(AttachmentRef attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        AttachmentSecrets secrets;
        try
        {
            secrets = new AttachmentSecrets(attachment.Key, attachment.Digest, attachment.Size);
        }
        catch (ChatalotCryptoException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.AttachmentIntegrity, "The attachment reference holds no valid key or digest.", ex);
        }

        try
        {
            var ciphertext = await ResumingDownloadStream.OpenAsync(_rest, attachment.Id, _options, _time, cancellationToken).ConfigureAwait(false);
            return new DecryptingStream(ciphertext, secrets, _cipher);
        }
        catch
        {
            secrets.Wipe();
            throw;
        }
    }

    /// <summary>
    /// Downloads, decrypts and verifies an attachment into <paramref name="destination"/>. If this throws
    /// <c>attachment_integrity</c>, what was written to <paramref name="destination"/> must be discarded (write to a
    /// temporary file and move it into place once this returns).
    /// </summary>
    /// <param name="attachment">The reference from a message.</param>
    /// <param name="destination">Where the plaintext goes.</param>
    /// <param name="progress">Hears the plaintext bytes written so far, out of <see cref="AttachmentRef.Size"/>.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes once the whole file is written and verified.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    /// <exception cref="ChatalotClientException"><c>attachment_integrity</c>, <c>transfer_failed</c>.</exception>
    public async Task DownloadAsync(AttachmentRef attachment, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(destination);
        var plaintext = await OpenAsync(attachment, cancellationToken).ConfigureAwait(false);
        await using (plaintext.ConfigureAwait(false))
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long written = 0;
                int read;
                while ((read = await plaintext.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                    progress?.Report(new TransferProgress(written, attachment.Size));
                }

                if (written == 0)
                {
                    progress?.Report(new TransferProgress(0, attachment.Size));
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
    }

    /// <summary>This user's attachment storage: bytes held or reserved, the quota, and the largest file the server takes.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<StorageUsage> GetStorageUsageAsync(CancellationToken cancellationToken = default) =>
        _rest.GetStorageUsageAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"AttachmentClient(chunk {_options.UploadChunkSize})";

    private static void Validate(AttachmentUpload upload)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ChatalotClientException(ClientErrorCodes.InvalidContent, message);
            }
        }

        Require(upload.Name is { Length: > 0 and <= ChatalotLimits.AttachmentNameMaxLength }, $"An attachment's name has 1 to {ChatalotLimits.AttachmentNameMaxLength} characters.");
        Require(MediaTypes.IsWellFormed(upload.MediaType), "An attachment's media type is lower-case type/subtype without parameters, e.g. image/png.");
        Require(upload.Thumbnail is null
            || (upload.Thumbnail.Data.Length <= ChatalotLimits.ThumbnailMaxBytes && upload.Thumbnail.Width > 0 && upload.Thumbnail.Height > 0 && MediaTypes.IsWellFormed(upload.Thumbnail.MediaType)),
            $"A thumbnail has at most {ChatalotLimits.ThumbnailMaxBytes} bytes, positive dimensions and a well-formed media type.");
        Require(upload.Width is null or > 0 && upload.Height is null or > 0, "Width and height are positive.");
        Require(upload.DurationMs is null or >= 0, "A duration is not negative.");
    }

    private static long LengthOf(Stream content, AttachmentUpload upload)
    {
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(content));
        }

        if (content.CanSeek)
        {
            var remaining = content.Length - content.Position;
            return upload.Length is null || upload.Length == remaining
                ? remaining
                : throw new ChatalotClientException(ClientErrorCodes.AttachmentLengthMismatch, $"The stream holds {remaining} bytes, not the {upload.Length} declared.");
        }

        return upload.Length is { } declared && declared >= 0
            ? declared
            : throw new ArgumentException("The stream cannot tell its length: set AttachmentUpload.Length.", nameof(upload));
    }

    private async Task CompleteAsync(Guid upload, byte[] digest, CancellationToken cancellationToken)
    {
        var retry = new TransferRetry(_options, _time);
        while (true)
        {
            try
            {
                await _rest.CompleteUploadAsync(upload, digest, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (TransferRetry.IsTransient(ex, cancellationToken))
            {
                await retry.FailedAsync(ex, "upload", cancellationToken).ConfigureAwait(false);
                try
                {
                    // The answer may be what was lost: then the upload is already complete.
                    if ((await _rest.GetUploadAsync(upload, cancellationToken).ConfigureAwait(false)).Completed)
                    {
                        return;
                    }
                }
                catch (Exception again) when (TransferRetry.IsTransient(again, cancellationToken))
                {
                    // Try completing again.
                }
            }
        }
    }

    private async Task TryDeleteAsync(Guid upload)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        try
        {
            await _rest.DeleteUploadAsync(upload, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: the server deletes an unreferenced upload when it expires anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
