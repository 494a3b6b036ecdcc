using Chatalot.Protocol.Audit;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Audit.Internal;

/// <summary>Routes of the audit log (docs/protocol/rest.md §Audit log).</summary>
internal static class AuditLogEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Audit log");
        g.MapGet("/communities/{communityId}/audit-log", async (Caller caller, Guid communityId, string? action, [FromQuery(Name = "actor_id")] Guid? actorId, [FromQuery(Name = "target_user_id")] Guid? targetUserId, long? before, int? limit, AuditLogService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListCommunityAsync(caller, communityId, new AuditLogFilter(action, actorId, targetUserId, before, limit), ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<AuditLogEntry>>().Errors(403, 404, 422);
        g.MapGet("/admin/audit-log", async (Caller caller, string? action, [FromQuery(Name = "actor_id")] Guid? actorId, [FromQuery(Name = "target_user_id")] Guid? targetUserId, long? before, int? limit, AuditLogService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListInstanceAsync(caller, new AuditLogFilter(action, actorId, targetUserId, before, limit), ct).ConfigureAwait(false)))
            .Produces<IReadOnlyList<AuditLogEntry>>().Errors(403, 422);
    }
}
