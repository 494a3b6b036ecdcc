using Chatalot.Protocol.Attachments;

namespace Chatalot.Client.Attachments;

/// <summary>
/// How <see cref="AttachmentClient"/> moves files (<see cref="ChatalotClientOptions.Attachments"/>): the upload chunk
/// size and how hard it tries again after a dropped connection.
/// </summary>
public sealed record AttachmentOptions
{
    /// <summary>
    /// Ciphertext bytes per <c>PATCH</c>: 8 MiB by default, between 64 KiB and 16 MiB. An upload holds at most two
    /// chunks in memory (one on the wire, the next being encrypted), whatever the file size.
    /// </summary>
    public int UploadChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Failed attempts in a row (dropped connection, timeout, 5xx) an upload chunk or a download survives before it
    /// fails with <c>transfer_failed</c>; any progress resets the count. Default 5.
    /// </summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The wait before the first retry, doubled after each failure in a row up to <see cref="MaxRetryDelay"/>. Default 250 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between retries. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether every whole chunk carries <c>Upload-Checksum</c>, so the server refuses one altered on the way instead of
    /// the digest catching it at the end. A cut chunk is then resent whole rather than from the byte reached. Default false.
    /// </summary>
    public bool SendChunkChecksums { get; init; }

    /// <summary>
    /// How long a download may go without a byte arriving before the connection counts as dropped: it is opened again
    /// from the byte reached, like any failure (<see cref="MaxRetries"/>). A network that silently stops delivering would
    /// otherwise hang a read for ever, since the request timeout ends once the answer's headers arrive. Default 30 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan DownloadStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(UploadChunkSize, 64 * 1024, nameof(UploadChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UploadChunkSize, AttachmentLimits.ChunkMaxBytes, nameof(UploadChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        if (DownloadStallTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DownloadStallTimeout, TimeSpan.Zero, nameof(DownloadStallTimeout));
        }
    }
}
