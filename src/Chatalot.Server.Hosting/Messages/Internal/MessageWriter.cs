using System.Threading.Channels;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    private const int MaxBatch = 2048;

    // The writer's SQLite connection (docs/articles/architecture.md, "SQLite durability settings"):
    // - cache_size (KiB when negative): 64 MiB holds the hot pages of the messages table and its five indexes, which
    //   soon outgrow the default 2 MiB (then every batch re-reads index pages).
    // - wal_autocheckpoint (pages): checkpoint every ~40 MiB of WAL instead of ~4 MiB. Each batch dirties a page per
    //   (channel, sender) position of the idempotency index; a rarer checkpoint copies each such page to the database
    //   file once for many batches instead of once for a few. Readers are unaffected (WAL index in shared memory).
    // - synchronous: FULL by default, so every commit fsyncs the WAL and an acknowledged message survives power loss;
    //   NORMAL (opt-in, ChatalotDatabaseOptions.SqliteSynchronous) survives a process crash only.
    private const string WriterPragmas = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000;";

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ChatalotMetrics _metrics;
    private readonly ILogger<MessageWriter> _logger;
    private readonly Task _loop;
    private readonly ChatalotSqliteSynchronous _synchronous;
    private MessageInsertCommand? _insert;
    private AsyncServiceScope? _sessionScope;
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2213", Justification = "Owned by _sessionScope, which disposes it.")]
    private ChatalotDbContext? _session;

    public MessageWriter(IServiceScopeFactory scopes, ChatalotMetrics metrics, IOptions<ChatalotServerOptions> options, ILogger<MessageWriter> logger)
    {
        _synchronous = options.Value.Database.SqliteSynchronous;
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
    public Task<bool> WriteAsync(MessageRow row, CancellationToken cancellationToken) => WriteAsync(row, null, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(MessageRow, CancellationToken)"/>, recording the message's attachment references in the
    /// same transaction when the row is stored (a skipped duplicate adds none).
    /// </summary>
    public Task<bool> WriteAsync(MessageRow row, Guid[]? attachmentIds, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(row) { AttachmentIds = attachmentIds };
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
                await CloseSessionAsync().ConfigureAwait(false);
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
        var db = await SessionAsync().ConfigureAwait(false);
        var insert = _insert ??= MessageInsertCommand.Create(db);
        var rows = new MessageRow[batch.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = batch[i].Row;
        }

        // One transaction (one commit, one fsync) for the whole batch; nobody is acknowledged before it commits.
        var inserted = new HashSet<Guid>(rows.Length);
        var connection = db.Database.GetDbConnection();
        var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await insert.ExecuteAsync(transaction, rows, inserted, CancellationToken.None).ConfigureAwait(false);
            await insert.InsertAttachmentReferencesAsync(transaction, batch.Where(p => p.AttachmentIds is not null && inserted.Contains(p.Row.Id))
                .SelectMany(p => p.AttachmentIds!.Select(a => (p.Row.Id, a))), CancellationToken.None).ConfigureAwait(false);

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var p in batch)
        {
            p.Completion.TrySetResult(inserted.Contains(p.Row.Id));
        }

        _metrics.MessageBatchWritten(batch.Count);
    }

    /// <summary>
    /// The writer's own context and connection, opened once and kept: it is the only message writer, so renting a
    /// pooled context per batch bought nothing, its prepared statements stay prepared, and on SQLite the connection
    /// keeps a page cache big enough for the messages table's indexes.
    /// </summary>
    private async Task<ChatalotDbContext> SessionAsync()
    {
        if (_session is { } open)
        {
            return open;
        }

        var scope = _scopes.CreateAsyncScope();
        _sessionScope = scope;
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        await db.Database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            // Only this connection gets these, so readers' pooled connections keep the default footprint.
            await db.Database.ExecuteSqlRawAsync(WriterPragmas, CancellationToken.None).ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync(
                _synchronous == ChatalotSqliteSynchronous.Normal ? "PRAGMA synchronous = NORMAL;" : "PRAGMA synchronous = FULL;",
                CancellationToken.None).ConfigureAwait(false);
        }

        return _session = db;
    }

    private async Task CloseSessionAsync()
    {
        _session = null;
        if (_insert is { } insert)
        {
            _insert = null;
            await insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_sessionScope is { } scope)
        {
            _sessionScope = null;
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Already-queued sends are still written before shutdown completes.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await CloseSessionAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Error, Message = "Writing a batch of {Count} messages failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingWrite(MessageRow row)
    {
        public MessageRow Row { get; } = row;

        public Guid[]? AttachmentIds { get; init; }

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
