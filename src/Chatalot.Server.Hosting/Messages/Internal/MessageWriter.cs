using System.Threading.Channels;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// Group commit for new messages: one writer drains whatever sends are waiting and inserts them in a single
/// transaction, then completes every waiting send. A send is still acknowledged strictly after its row is committed
/// (rest.md, "answers only after the durable write"); what changes is that N concurrent sends pay for one commit
/// (one fsync on SQLite) instead of N, and SQLite's single-writer lock is never contended (concurrent writers there
/// spin in busy-retry sleeps, which capped sends near 150/s on one disk).
/// </summary>
internal sealed partial class MessageWriter : IAsyncDisposable
{
    // Bounds the transaction (and the time the first waiter waits for the rest) while still amortising the commit.
    private const int MaxBatch = 512;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ChatalotMetrics _metrics;
    private readonly ILogger<MessageWriter> _logger;
    private readonly Task _loop;
    private MessageInsertCommand? _insert;

    public MessageWriter(IServiceScopeFactory scopes, ChatalotMetrics metrics, ILogger<MessageWriter> logger)
    {
        _scopes = scopes;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Inserts <paramref name="row"/> and completes once it is committed: true when it was stored, false when the unique
    /// index on (channel, sender, idempotency key) already held that key (a retry, or a concurrent one that won).
    /// Cancelling stops the wait, not the write.
    /// </summary>
    public Task<bool> WriteAsync(MessageRow row, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(row);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MessageWriter));
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The writer must survive any failure; the failure goes to the waiting senders.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogBatchFailed(_logger, ex, batch.Count);
                foreach (var p in batch)
                {
                    p.Completion.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            var insert = _insert ??= MessageInsertCommand.Create(db);
            var rows = new MessageRow[batch.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = batch[i].Row;
            }

            var inserted = new HashSet<Guid>(rows.Length);
            await db.Database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                // One transaction (one commit, one fsync) for the whole batch; nobody is acknowledged before it commits.
                var connection = db.Database.GetDbConnection();
                var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    for (var offset = 0; offset < rows.Length; offset += MessageInsertCommand.MaxRowsPerStatement)
                    {
                        var chunk = rows.AsMemory(offset, Math.Min(MessageInsertCommand.MaxRowsPerStatement, rows.Length - offset));
                        await insert.ExecuteAsync(connection, transaction, chunk, inserted, CancellationToken.None).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }

            foreach (var p in batch)
            {
                p.Completion.TrySetResult(inserted.Contains(p.Row.Id));
            }

            _metrics.MessageBatchWritten(batch.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Already-queued sends are still written before shutdown completes.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Error, Message = "Writing a batch of {Count} messages failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingWrite(MessageRow row)
    {
        public MessageRow Row { get; } = row;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
