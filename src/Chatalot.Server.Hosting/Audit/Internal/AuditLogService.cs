using Chatalot.Protocol;
using Chatalot.Protocol.Audit;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Audit.Internal;

/// <summary>Filters for one page of the audit log, newest first (rest.md §Audit log).</summary>
internal sealed record AuditLogFilter(string? Action, Guid? ActorId, Guid? TargetUserId, long? Before, int? Limit);

/// <summary>Reads the audit log: a community's for its viewers, the instance's for instance admins.</summary>
internal sealed class AuditLogService(ChatalotDbContext db, Access access)
{
    private const int DefaultPage = 50;

    public async Task<IReadOnlyList<AuditLogEntry>> ListCommunityAsync(Caller caller, Guid communityId, AuditLogFilter filter, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, AuditAccess.CommunityViewer, cancellationToken).ConfigureAwait(false);
        return await ListAsync(db.AuditLog.Where(e => e.CommunityId == communityId), filter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditLogEntry>> ListInstanceAsync(Caller caller, AuditLogFilter filter, CancellationToken cancellationToken)
    {
        if (!caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Only instance administrators read the instance audit log.");
        }

        return await ListAsync(db.AuditLog.Where(e => e.CommunityId == null), filter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<AuditLogEntry>> ListAsync(IQueryable<AuditLogRow> query, AuditLogFilter filter, CancellationToken cancellationToken)
    {
        var take = filter.Limit ?? DefaultPage;
        if (take is < 1 or > ChatalotLimits.AuditLogPageMax)
        {
            throw Fail.Validation("limit", $"Must be 1 to {ChatalotLimits.AuditLogPageMax}.");
        }

        if (filter.Action is { } action)
        {
            if (!AuditLog.TryParse(action, out _))
            {
                throw Fail.Validation("action", "Unknown audit action.");
            }

            query = query.Where(e => e.Action == action);
        }

        if (filter.ActorId is { } actor)
        {
            query = query.Where(e => e.ActorId == actor);
        }

        if (filter.TargetUserId is { } target)
        {
            query = query.Where(e => e.TargetUserId == target);
        }

        if (filter.Before is { } before)
        {
            query = query.Where(e => e.Id < before);
        }

        var rows = await query.AsNoTracking().OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToDto)];
    }

    private static AuditLogEntry ToDto(AuditLogRow r) =>
        new(r.Id, AuditLog.TryParse(r.Action, out var action) ? action : throw new InvalidOperationException($"Unknown stored audit action '{r.Action}'."),
            r.ActorId, r.CommunityId, r.TargetUserId, r.TargetId, r.Reason, r.Detail, r.CreatedAt);
}
