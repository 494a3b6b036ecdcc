using System.Globalization;
using System.Text.Json;
using Chatalot.Protocol.Audit;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /communities/{id}/audit-log</c>: one page of the community's audit log, newest first.</summary>
    /// <param name="community">The community.</param>
    /// <param name="action">Only entries of this action.</param>
    /// <param name="actor">Only entries by this user.</param>
    /// <param name="targetUser">Only entries acting on this user.</param>
    /// <param name="before">Only entries older than this entry id (the last <see cref="AuditLogEntry.Id"/> of the previous page).</param>
    /// <param name="limit">Page size: 1 to 200, default 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (not allowed to view the audit log), <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<IReadOnlyList<AuditLogEntry>> GetCommunityAuditLogAsync(CommunityId community, AuditAction? action = null, UserId? actor = null,
        UserId? targetUser = null, long? before = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/audit-log{AuditQuery(action, actor, targetUser, before, limit)}", Info<IReadOnlyList<AuditLogEntry>>(), cancellationToken);

    /// <summary><c>GET /admin/audit-log</c>: one page of the instance-wide audit log, newest first (instance administrators).</summary>
    /// <param name="action">Only entries of this action.</param>
    /// <param name="actor">Only entries by this user.</param>
    /// <param name="targetUser">Only entries acting on this user.</param>
    /// <param name="before">Only entries older than this entry id.</param>
    /// <param name="limit">Page size: 1 to 200, default 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>validation_failed</c>.</exception>
    public Task<IReadOnlyList<AuditLogEntry>> AdminGetAuditLogAsync(AuditAction? action = null, UserId? actor = null,
        UserId? targetUser = null, long? before = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"admin/audit-log{AuditQuery(action, actor, targetUser, before, limit)}", Info<IReadOnlyList<AuditLogEntry>>(), cancellationToken);

    private static string AuditQuery(AuditAction? action, UserId? actor, UserId? targetUser, long? before, int? limit) => Query(
        ("action", action is { } a ? JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString()) : null),
        ("actor_id", actor?.ToString()),
        ("target_user_id", targetUser?.ToString()),
        ("before", before?.ToString(CultureInfo.InvariantCulture)),
        ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
}
