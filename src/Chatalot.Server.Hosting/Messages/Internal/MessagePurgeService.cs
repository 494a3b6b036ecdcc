using Chatalot.Server.Hosting.Attachments.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// Hard-deletes soft-deleted messages once the retention passes (their bodies are already gone). In a cluster one node
/// runs each tick (<see cref="IJobLease"/>); the purge is idempotent anyway.
/// </summary>
internal sealed partial class MessagePurgeService(
    IServiceScopeFactory scopes,
    TimeProvider timeProvider,
    IOptions<ChatalotServerOptions> options,
    IJobLease lease,
    ILogger<MessagePurgeService> logger) : BackgroundService
{
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var cutoff = timeProvider.GetUtcNow() - options.Value.DeletedMessageRetention;
        var referencing = await db.MessageAttachments.Where(r => db.Messages.Any(m => m.Id == r.MessageId && m.DeletedAt != null && m.DeletedAt < cutoff))
            .Select(r => r.MessageId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var purged = await db.Messages.Where(m => m.DeletedAt != null && m.DeletedAt < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (referencing.Count > 0)
        {
            // Deleting a message releases its attachments at once; this catches any reference left behind.
            await scope.ServiceProvider.GetRequiredService<AttachmentCleaner>().ReleaseAsync(referencing, cancellationToken).ConfigureAwait(false);
        }

        // Closed abuse reports go after their retention (crypto.md §14.5); open ones wait for a moderator.
        var reportCutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(Protocol.ChatalotLimits.ReportRetentionDays);
        await db.Reports.Where(r => r.ResolvedAt != null && r.ResolvedAt < reportCutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var auditCutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(Protocol.ChatalotLimits.AuditLogRetentionDays);
        await db.AuditLog.Where(e => e.CreatedAt < auditCutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        // Device links past their lifetime (crypto.md §15.4) already answer 404; their rows go here.
        var now = timeProvider.GetUtcNow();
        await db.DeviceLinks.Where(l => l.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ClusterJob.MessagePurge.Period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await lease.RunAsync(ClusterJob.MessagePurge, async ct => LogPurged(logger, await PurgeOnceAsync(ct).ConfigureAwait(false)), stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed sweep is retried at the next tick; it must not stop the host.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogPurgeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Purged {Count} deleted messages")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Message purge failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
