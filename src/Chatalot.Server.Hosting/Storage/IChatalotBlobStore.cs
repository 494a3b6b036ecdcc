namespace Chatalot.Server.Hosting.Storage;

/// <summary>
/// Where the server keeps the ciphertext of attachments (rest.md §Attachments): append-only blobs written at a known
/// offset, read back by range, deleted whole. The server ships a file-system store (the default) and a PostgreSQL
/// store; a host may register its own before <c>AddChatalotServer</c>. Implementations are thread-safe and must never
/// interleave two appends to one blob: of two concurrent appends at least one reports
/// <see cref="BlobAppendResult.Appended"/> = <see langword="false"/>.
/// </summary>
public interface IChatalotBlobStore
{
    /// <summary>
    /// Appends what <paramref name="source"/> yields to the blob (created on the first append) if the blob currently
    /// holds exactly <paramref name="offset"/> bytes; otherwise reads nothing and reports the current length. When the
    /// source ends, or fails, <paramref name="keep"/> is called with the failure (or <see langword="null"/>): true keeps
    /// the bytes read, false puts the blob back to <paramref name="offset"/> bytes. A failure of the source is rethrown
    /// after that decision.
    /// </summary>
    /// <param name="blobId">The blob.</param>
    /// <param name="offset">Where the bytes start: the blob's current length.</param>
    /// <param name="source">The bytes, read to its end; memory use is bounded by the store's buffer, not by the source.</param>
    /// <param name="keep">Whether to keep what was read, given how reading ended.</param>
    /// <param name="cancellationToken">Cancels the append; the bytes read so far go to <paramref name="keep"/> like any failure.</param>
    /// <returns>Whether the bytes were appended (offset matched and nobody else was appending), and the blob's length.</returns>
    ValueTask<BlobAppendResult> AppendAsync(Guid blobId, long offset, Stream source, Func<Exception?, bool> keep, CancellationToken cancellationToken);

    /// <summary>The blob's length in bytes (0 when it does not exist).</summary>
    /// <param name="blobId">The blob.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The length.</returns>
    ValueTask<long> GetLengthAsync(Guid blobId, CancellationToken cancellationToken);

    /// <summary>Copies <paramref name="length"/> bytes of the blob from <paramref name="offset"/> to <paramref name="destination"/>, streaming.</summary>
    /// <param name="blobId">The blob.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="destination">Where they go.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the bytes were written.</returns>
    /// <exception cref="InvalidDataException">The blob holds fewer bytes than asked for.</exception>
    Task ReadAsync(Guid blobId, long offset, long length, Stream destination, CancellationToken cancellationToken);

    /// <summary>Makes the blob durable (an fsync) once it is complete.</summary>
    /// <param name="blobId">The blob.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the blob is durable.</returns>
    ValueTask FlushAsync(Guid blobId, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; deleting a missing blob succeeds.</summary>
    /// <param name="blobId">The blob.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the blob is gone.</returns>
    ValueTask DeleteAsync(Guid blobId, CancellationToken cancellationToken);
}
