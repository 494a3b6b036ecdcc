using System.Buffers;
using System.Globalization;
using Chatalot.Server.Hosting.Storage;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Blobs as files under <c>{DataDirectory}/attachments/{first two hex digits}/{id}</c>, owner-only like the rest of the
/// data directory (<see cref="DataDirectory"/>). An append holds the file exclusively (<see cref="FileShare.None"/>,
/// an <c>flock</c> on Unix), so a second writer, in this process or another, fails to open it and is told the offset
/// did not match: two appends never interleave. Writes are unbuffered, so the bytes of a body cut short are on disk.
/// </summary>
internal sealed class FileSystemBlobStore(string root) : IChatalotBlobStore
{
    private const int BufferSize = 64 * 1024;

    public string Root { get; } = root;

    public async ValueTask<BlobAppendResult> AppendAsync(Guid blobId, long offset, Stream source, Func<Exception?, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keep);
        var path = PathOf(blobId, create: true);
        FileStream file;
        try
        {
            file = new FileStream(path, OperatingSystem.IsWindows()
                ? new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 }
                : new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, UnixCreateMode = DataDirectory.FileMode });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another append holds the file.
            return new BlobAppendResult(false, Length(path));
        }

        await using (file.ConfigureAwait(false))
        {
            if (file.Length != offset)
            {
                return new BlobAppendResult(false, file.Length);
            }

            file.Position = offset;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            Exception? failure = null;
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // Rethrown below, once the bytes read so far are kept or dropped.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (!keep(failure))
            {
                file.SetLength(offset);
            }

            var length = file.Length;
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return new BlobAppendResult(true, length);
        }
    }

    public ValueTask<long> GetLengthAsync(Guid blobId, CancellationToken cancellationToken) => ValueTask.FromResult(Length(PathOf(blobId, create: false)));

    public async Task ReadAsync(Guid blobId, long offset, long length, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var file = new FileStream(PathOf(blobId, create: false), new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        });
        await using (file.ConfigureAwait(false))
        {
            if (offset < 0 || length < 0 || offset + length > file.Length)
            {
                throw new InvalidDataException("The blob is shorter than the range asked for.");
            }

            file.Position = offset;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                while (length > 0)
                {
                    var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, length)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new InvalidDataException("The blob ended early.");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    length -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public ValueTask FlushAsync(Guid blobId, CancellationToken cancellationToken)
    {
        var path = PathOf(blobId, create: false);
        if (File.Exists(path))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            file.Flush(flushToDisk: true);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(Guid blobId, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(blobId, create: false));
        }
        catch (DirectoryNotFoundException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static long Length(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    private string PathOf(Guid blobId, bool create)
    {
        var name = blobId.ToString("N", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Root, name[..2]);
        if (create && !Directory.Exists(folder))
        {
            DataDirectory.Ensure(Root);
            DataDirectory.Ensure(folder);
        }

        return Path.Combine(folder, name);
    }
}
