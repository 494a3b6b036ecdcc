using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Deletes orphaned uploads: those no (existing) message references once <see cref="ChatalotAttachmentOptions.OrphanGracePeriod"/>
/// has passed since their creation, complete or not, row and blob. In a cluster one node sweeps each tick
/// (<see cref="IJobLease"/>); the sweep is idempotent anyway.
/// </summary>
internal sealed partial class AttachmentSweeper(IServiceScopeFactory scopes, TimeProvider timeProvider, IJobLease lease, ILogger<AttachmentSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>One sweep; returns how many attachments it deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var cleaner = scope.ServiceProvider.GetRequiredService<AttachmentCleaner>();
        var now = timeProvider.GetUtcNow();
        var deleted = 0;
        while (true)
        {
            var ids = await db.Attachments.AsNoTracking()
                .Where(a => a.ExpiresAt <= now && !db.MessageAttachments.Any(r => r.AttachmentId == a.Id && db.Messages.Any(m => m.Id == r.MessageId)))
                .OrderBy(a => a.ExpiresAt).Select(a => a.Id).Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var id in ids)
            {
                if (await cleaner.DeleteIfUnreferencedAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }

            if (ids.Count < BatchSize)
            {
                return deleted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ClusterJob.AttachmentSweep.Period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await lease.RunAsync(ClusterJob.AttachmentSweep, async ct => LogSwept(logger, await SweepOnceAsync(ct).ConfigureAwait(false)), stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed sweep is retried at the next tick; it must not stop the host.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2310, Level = LogLevel.Debug, Message = "Deleted {Count} orphaned attachments")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Attachment sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
