using System.Collections.Frozen;
using System.Text.Json;
using Chatalot.Protocol.Audit;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Audit.Internal;

/// <summary>
/// Writes audit-log entries. <see cref="Record"/> only adds the row to the caller's unit of work, so the entry commits
/// with the action it describes (or not at all): call it before the action's <c>SaveChangesAsync</c>.
/// </summary>
internal sealed class AuditLog(ChatalotDbContext db, Clock clock)
{
    public void Record(AuditAction action, Guid actorId, Guid? communityId = null, Guid? targetUserId = null,
        Guid? targetId = null, string? reason = null, string? detail = null) =>
        db.AuditLog.Add(new AuditLogRow
        {
            Action = WireName(action),
            ActorId = actorId,
            CommunityId = communityId,
            TargetUserId = targetUserId,
            TargetId = targetId,
            Reason = reason,
            Detail = detail is { Length: > 200 } ? detail[..200] : detail,
            CreatedAt = clock.UtcNow,
        });

    private static readonly FrozenDictionary<string, AuditAction> ByWireName =
        Enum.GetValues<AuditAction>().ToFrozenDictionary(WireName, StringComparer.Ordinal);

    /// <summary>The stored and wire name of an action (snake_case), stable under reordering of the enum.</summary>
    public static string WireName(AuditAction action) => JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());

    /// <summary>The action a stored or wire name stands for; false for a name no action has.</summary>
    public static bool TryParse(string wireName, out AuditAction action) => ByWireName.TryGetValue(wireName, out action);
}
