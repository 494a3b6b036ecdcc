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

    public MessageWriter(IServiceScopeFactory scopes, ChatalotMetrics metrics, ILogger<MessageWriter> logger)
    {
        _scopes = scopes;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Inserts <paramref name="row"/> and completes once it is committed. Throws <see cref="DbUpdateException"/> when the
    /// row itself violates a constraint (a concurrent retry with the same idempotency key won), exactly as a lone
    /// <c>SaveChanges</c> would. Cancelling stops the wait, not the write.
    /// </summary>
    public Task WriteAsync(MessageRow row, CancellationToken cancellationToken)
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
            db.Messages.AddRange(batch.Select(p => p.Row));
            try
            {
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                foreach (var p in batch)
                {
                    p.Completion.TrySetResult();
                }

                _metrics.MessageBatchWritten(batch.Count);
                return;
            }
            catch (DbUpdateException) when (batch.Count > 1)
            {
                // One row broke a constraint and took the transaction with it: write the rows one by one so only the
                // offending send fails (rare: it needs concurrent retries of the same idempotency key).
                db.ChangeTracker.Clear();
            }

            foreach (var p in batch)
            {
                db.Messages.Add(p.Row);
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                    p.Completion.TrySetResult();
                }
                catch (DbUpdateException ex)
                {
                    p.Completion.TrySetException(ex);
                }

                db.ChangeTracker.Clear();
            }
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

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
