using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Admin;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>Instance administration beyond the settings: the user list and search, revoking a user's sessions, resetting their two-factor sign-in, storage figures.</summary>
internal sealed class AdminService(ChatalotDbContext db, AccountService accounts, IGatewayPublisher gateway, AdminAudit audit, Clock clock)
{
    private const int QueryMaxLength = 64;
    private const int TopEntries = 10;

    public async Task<IReadOnlyList<AdminUser>> ListUsersAsync(Caller caller, string? query, string? status, int? limit, int? offset, CancellationToken cancellationToken)
    {
        AdminGuard.RequireAdmin(caller);
        var take = Check.PageSize(limit, ChatalotLimits.AdminUserPageMax);
        var skip = Check.Offset(offset);
        status ??= AdminUserStatus.All;
        if (!AdminUserStatus.IsKnown(status))
        {
            throw Fail.Validation("status", "Must be all, active, suspended or admins.");
        }

        var users = db.Users.AsNoTracking();
        users = status switch
        {
            AdminUserStatus.Active => users.Where(u => u.SuspendedAt == null),
            AdminUserStatus.Suspended => users.Where(u => u.SuspendedAt != null),
            AdminUserStatus.Admins => users.Where(u => u.Role != (int)InstanceRole.User),
            _ => users,
        };
        var text = query?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            if (text.Length > QueryMaxLength)
            {
                throw Fail.Validation("query", $"At most {QueryMaxLength} characters.");
            }

            var upper = text.ToUpperInvariant();
            users = users.Where(u => u.NormalizedUsername.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
        }

        var rows = await users.OrderBy(u => u.NormalizedUsername).Skip(skip).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = rows.Select(u => u.Id).ToList();
        var lastSeen = await db.Sessions.AsNoTracking().Where(s => ids.Contains(s.UserId))
            .GroupBy(s => s.UserId).Select(g => new { g.Key, Last = g.Max(s => s.LastUsedAt) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, cancellationToken).ConfigureAwait(false);
        var storage = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.UploaderId))
            .GroupBy(a => a.UploaderId).Select(g => new { g.Key, Bytes = g.Sum(a => a.Length) })
            .ToDictionaryAsync(x => x.Key, x => x.Bytes, cancellationToken).ConfigureAwait(false);
        var twoFactor = (await db.UserSecurity.AsNoTracking().Where(s => ids.Contains(s.UserId) && s.TotpSecret != null)
            .Select(s => s.UserId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        return [.. rows.Select(u => new AdminUser(
            u.Id, u.Username, u.DisplayName, (InstanceRole)u.Role, u.CreatedAt, u.SuspendedAt is not null, u.SuspendedAt, u.SuspensionReason,
            lastSeen.TryGetValue(u.Id, out var seen) ? seen : null, storage.GetValueOrDefault(u.Id), u.AvatarId, twoFactor.Contains(u.Id)) { IsBot = u.IsBot })];
    }

    /// <summary>Ends every session of a user: refresh tokens stop working and live connections close at once (<c>session_revoked</c>).</summary>
    public async Task RevokeSessionsAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        var target = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The user");
        AdminGuard.RequireMayActOn(caller, target);
        var live = await db.Sessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        audit.SessionsRevoked(caller, userId, live);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await accounts.RevokeAllSessionsAsync(userId, null, "admin_revoked", ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
        // Catches a connection whose session was revoked a moment ago by something else.
        await gateway.DisconnectAsync(userId, null, ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns a user's two-factor sign-in off and deletes their backup codes, for someone who lost their authenticator and
    /// backup codes (or whose seed the server can no longer decrypt). Their password still guards the account.
    /// </summary>
    public async Task ResetTwoFactorAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        var target = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The user");
        AdminGuard.RequireMayActOn(caller, target);
        var row = await db.UserSecurity.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (row is null || (row.TotpSecret is null && row.PendingTotpSecret is null))
        {
            throw Fail.Code(ErrorCodes.TwoFactorState, 409, "Two-factor sign-in is not on for this user.");
        }

        row.TotpSecret = null;
        row.PendingTotpSecret = null;
        row.TotpEnabledAt = null;
        row.UpdatedAt = clock.UtcNow;
        audit.TwoFactorReset(caller, userId);
        await db.InTransactionAsync(async ct =>
        {
            await db.BackupCodes.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StorageReport> StorageAsync(Caller caller, CancellationToken cancellationToken)
    {
        AdminGuard.RequireAdmin(caller);
        var attachmentBytes = await db.Attachments.SumAsync(a => a.Length, cancellationToken).ConfigureAwait(false);
        var attachments = await db.Attachments.CountAsync(cancellationToken).ConfigureAwait(false);
        var imageBytes = await db.ProfileImages.SumAsync(p => (long)p.Data.Length, cancellationToken).ConfigureAwait(false);
        var images = await db.ProfileImages.CountAsync(cancellationToken).ConfigureAwait(false);
        var emojiBytes = await db.CustomEmoji.SumAsync(e => (long)e.Data.Length, cancellationToken).ConfigureAwait(false);
        var users = await db.Users.CountAsync(cancellationToken).ConfigureAwait(false);
        var communities = await db.Communities.CountAsync(cancellationToken).ConfigureAwait(false);
        var messages = await db.Messages.LongCountAsync(cancellationToken).ConfigureAwait(false);

        var topUsers = await db.Attachments.AsNoTracking().GroupBy(a => a.UploaderId)
            .Select(g => new { Id = g.Key, Bytes = g.Sum(a => a.Length), Count = g.Count() })
            .OrderByDescending(x => x.Bytes).Take(TopEntries).ToListAsync(cancellationToken).ConfigureAwait(false);
        var userIds = topUsers.Select(x => x.Id).ToList();
        var userNames = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Username, cancellationToken).ConfigureAwait(false);

        var topCommunities = await db.Attachments.AsNoTracking().Where(a => a.CommunityId != null).GroupBy(a => a.CommunityId!.Value)
            .Select(g => new { Id = g.Key, Bytes = g.Sum(a => a.Length), Count = g.Count() })
            .OrderByDescending(x => x.Bytes).Take(TopEntries).ToListAsync(cancellationToken).ConfigureAwait(false);
        var communityIds = topCommunities.Select(x => x.Id).ToList();
        var communityNames = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken).ConfigureAwait(false);

        return new StorageReport(
            await DatabaseBytesAsync(cancellationToken).ConfigureAwait(false),
            attachmentBytes,
            attachments,
            imageBytes,
            images,
            emojiBytes,
            users,
            communities,
            messages,
            [.. topUsers.Select(x => new StorageUsageEntry(x.Id, userNames.GetValueOrDefault(x.Id, "(deleted)"), x.Bytes, x.Count))],
            [.. topCommunities.Select(x => new StorageUsageEntry(x.Id, communityNames.GetValueOrDefault(x.Id, "(deleted)"), x.Bytes, x.Count))]);
    }

    /// <summary>The database's size as the engine reports it (pages for SQLite, <c>pg_database_size</c> for PostgreSQL).</summary>
    private async Task<long?> DatabaseBytesAsync(CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT p.page_count * s.page_size AS \"Value\" FROM pragma_page_count() AS p, pragma_page_size() AS s"
            : db.Database.IsNpgsql() ? "SELECT pg_database_size(current_database()) AS \"Value\"" : null;
        if (sql is null)
        {
            return null;
        }

        return await db.Database.SqlQueryRaw<long>(sql).FirstAsync(cancellationToken).ConfigureAwait(false);
    }
}
