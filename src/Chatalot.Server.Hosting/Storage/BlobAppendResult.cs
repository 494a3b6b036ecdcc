namespace Chatalot.Server.Hosting.Storage;

/// <summary>The outcome of <see cref="IChatalotBlobStore.AppendAsync"/>.</summary>
/// <param name="Appended">
/// False when the offset did not match the blob's length, or another append to the blob was running: nothing was read
/// or written.
/// </param>
/// <param name="Length">The blob's length afterwards (on a mismatch, the length the caller should resume from).</param>
public readonly record struct BlobAppendResult(bool Appended, long Length);
