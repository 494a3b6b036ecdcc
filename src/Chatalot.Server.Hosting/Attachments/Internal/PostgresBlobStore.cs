using System.Buffers;
using System.Buffers.Binary;
using System.Data;
using Chatalot.Server.Hosting.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Blobs as rows of <c>attachment_chunks</c> (at most 1 MiB of ciphertext each) in the PostgreSQL database, so every
/// node sees the same files. An append holds a session advisory lock on the blob for its duration (a second writer on
/// any node fails to take it and is told the offset did not match); each chunk commits on its own, so the bytes of a
/// body cut short stay. Reads stream each chunk (<see cref="CommandBehavior.SequentialAccess"/>), never a whole file.
/// </summary>
internal sealed class PostgresBlobStore(NpgsqlDataSource dataSource) : IChatalotBlobStore, IAsyncDisposable
{
    public const int ChunkBytes = 1024 * 1024;

    private const string LengthSql = """SELECT COALESCE(MAX("Offset" + length("Data")), 0) FROM attachment_chunks WHERE "AttachmentId" = $1""";

    public async ValueTask<BlobAppendResult> AppendAsync(Guid blobId, long offset, Stream source, Func<Exception?, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keep);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock($1)", LockKey(blobId), cancellationToken).ConfigureAwait(false))
            {
                return new BlobAppendResult(false, await LengthAsync(connection, blobId, cancellationToken).ConfigureAwait(false));
            }

            try
            {
                var length = await LengthAsync(connection, blobId, cancellationToken).ConfigureAwait(false);
                if (length != offset)
                {
                    return new BlobAppendResult(false, length);
                }

                var failure = await CopyInChunksAsync(connection, blobId, offset, source, keep, cancellationToken).ConfigureAwait(false);
                length = await LengthAsync(connection, blobId, CancellationToken.None).ConfigureAwait(false);
                if (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                return new BlobAppendResult(true, length);
            }
            finally
            {
                await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock($1)", LockKey(blobId), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<Exception?> CopyInChunksAsync(NpgsqlConnection connection, Guid blobId, long offset, Stream source, Func<Exception?, bool> keep, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var position = offset;
        var filled = 0;
        Exception? failure = null;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(filled, ChunkBytes - filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
                if (filled == ChunkBytes)
                {
                    await InsertAsync(connection, blobId, position, buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                    position += filled;
                    filled = 0;
                }
            }
        }
#pragma warning disable CA1031 // Returned to the caller, which rethrows it once the bytes read so far are kept or dropped.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        try
        {
            if (keep(failure))
            {
                if (filled > 0)
                {
                    await InsertAsync(connection, blobId, position, buffer.AsMemory(0, filled), CancellationToken.None).ConfigureAwait(false);
                }
            }
            else
            {
                using var delete = new NpgsqlCommand("""DELETE FROM attachment_chunks WHERE "AttachmentId" = $1 AND "Offset" >= $2""", connection);
                delete.Parameters.Add(new NpgsqlParameter { Value = blobId });
                delete.Parameters.Add(new NpgsqlParameter { Value = offset });
                await delete.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return failure;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, Guid blobId, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var insert = new NpgsqlCommand("""INSERT INTO attachment_chunks ("AttachmentId", "Offset", "Data") VALUES ($1, $2, $3)""", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = blobId });
        insert.Parameters.Add(new NpgsqlParameter { Value = offset });
        insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Bytea });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> GetLengthAsync(Guid blobId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await LengthAsync(connection, blobId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ReadAsync(Guid blobId, long offset, long length, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var end = offset + length;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = new NpgsqlCommand(
                """SELECT "Offset", "Data" FROM attachment_chunks WHERE "AttachmentId" = $1 AND "Offset" + length("Data") > $2 AND "Offset" < $3 ORDER BY "Offset" """,
                connection);
            select.Parameters.Add(new NpgsqlParameter { Value = blobId });
            select.Parameters.Add(new NpgsqlParameter { Value = offset });
            select.Parameters.Add(new NpgsqlParameter { Value = end });
            var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var position = offset;
                var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    while (position < end && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var chunkOffset = reader.GetInt64(0);
                        if (chunkOffset > position)
                        {
                            throw new InvalidDataException("The blob has a gap.");
                        }

                        var data = await reader.GetStreamAsync(1, cancellationToken).ConfigureAwait(false);
                        await using (data.ConfigureAwait(false))
                        {
                            var skip = position - chunkOffset;
                            position += await CopyAsync(data, skip, end - position, destination, buffer, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (position < end)
                {
                    throw new InvalidDataException("The blob is shorter than the range asked for.");
                }
            }
        }
    }

    // Skips `skip` bytes of the chunk, then copies at most `max`; returns how many were copied.
    private static async Task<long> CopyAsync(Stream data, long skip, long max, Stream destination, byte[] buffer, CancellationToken cancellationToken)
    {
        long copied = 0;
        while (copied < max)
        {
            var want = skip > 0 ? (int)Math.Min(buffer.Length, skip) : (int)Math.Min(buffer.Length, max - copied);
            var read = await data.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (skip > 0)
            {
                skip -= read;
                continue;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
        }

        return copied;
    }

    // Each chunk commits with its INSERT (PostgreSQL's own durability), so there is nothing left to flush.
    public ValueTask FlushAsync(Guid blobId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask DeleteAsync(Guid blobId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = new NpgsqlCommand("""DELETE FROM attachment_chunks WHERE "AttachmentId" = $1""", connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = blobId });
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task<long> LengthAsync(NpgsqlConnection connection, Guid blobId, CancellationToken cancellationToken) =>
        await ScalarAsync<long>(connection, LengthSql, blobId, cancellationToken).ConfigureAwait(false);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, object argument, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = argument });
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    // The advisory lock's key: 64 bits of the (random) blob id.
    private static long LockKey(Guid blobId)
    {
        Span<byte> bytes = stackalloc byte[16];
        blobId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }
}
