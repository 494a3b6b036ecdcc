using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// Deletes an account, by its owner (<c>DELETE /users/me</c>) or an instance administrator
/// (<c>DELETE /admin/users/{id}</c>). What goes and what stays is documented in docs/articles/admin.md, "What deleting an
/// account erases": every credential, key, membership and piece of profile goes in one transaction; the user row stays
/// as a nameless tombstone so the messages others received keep an author ("Deleted user"); live connections close at once.
/// </summary>
internal sealed partial class AccountDeletionService(
    ChatalotDbContext db,
    SecurityService security,
    MembershipEffects effects,
    IGatewayPublisher gateway,
    Clock clock,
    ILogger<AccountDeletionService> logger,
    Audit.Internal.AuditLog audit)
{
    public const string TombstoneDisplayName = "Deleted user";

    public async Task DeleteSelfAsync(Caller caller, PasswordConfirmation request, string address, CancellationToken cancellationToken)
    {
        // The instance cannot be claimed twice, so deleting its owner would leave it with nobody to administer it.
        if (caller.Role == InstanceRole.Owner)
        {
            throw Fail.Forbidden("The instance owner's account cannot be deleted.");
        }

        await security.ConfirmDeletionAsync(caller, request, address, cancellationToken).ConfigureAwait(false);
        await EraseAsync(caller.UserId, caller.UserId, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, caller.UserId, false);
    }

    /// <summary>Admins may delete ordinary users; only the owner may delete admins; nobody deletes the owner (as for suspension).</summary>
    public async Task DeleteByAdminAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        if (!caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Instance administrators only.");
        }

        var target = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The user");
        var targetRole = (InstanceRole)target.Role;
        if (target.Id == caller.UserId || targetRole == InstanceRole.Owner || (targetRole == InstanceRole.Admin && caller.Role != InstanceRole.Owner))
        {
            throw Fail.Forbidden("You may not act on this account.");
        }

        await EraseAsync(userId, caller.UserId, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, userId, true);
    }

    /// <summary>Deletes a bot account (<c>DELETE /bots/{id}</c>); the caller's right to manage it was checked by the bot service.</summary>
    public async Task DeleteBotAsync(Guid botId, Guid actorId, CancellationToken cancellationToken)
    {
        await EraseAsync(botId, actorId, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, botId, true);
    }

    private async Task EraseAsync(Guid userId, Guid actorId, CancellationToken cancellationToken)
    {
        if (await db.Communities.AnyAsync(c => c.OwnerId == userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.OwnsCommunities, 409, "The account owns communities: transfer their ownership or delete them first.");
        }

        var communities = await db.CommunityMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.CommunityId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var username = await db.Users.Where(u => u.Id == userId).Select(u => u.Username).FirstAsync(cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear(); // a rerun of the strategy starts from nothing tracked
            audit.Record(Protocol.Audit.AuditAction.UserDeleted, actorId, targetUserId: userId, detail: username);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            var sessions = db.Sessions.Where(s => s.UserId == userId).Select(s => s.Id);
            await db.RefreshTokens.Where(t => sessions.Contains(t.SessionId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.OneTimePrekeys.Where(k => k.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Devices.Where(d => d.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ToDeviceMessages.Where(m => m.RecipientUserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.GroupMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CommunityMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.MemberRoles.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.PermissionOverrides.Where(o => o.TargetKind == (int)Protocol.Roles.OverrideTargetKind.Member && o.TargetId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.UserBlocks.Where(b => b.BlockerId == userId || b.BlockedId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.DirectInvites.Where(i => i.InviteeId == userId || i.InviterId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ReadStates.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ProfileImages.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.BackupCodes.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.UserSecurity.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Bots.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.DeviceLists.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.DeviceLinks.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.KeyBackupEntries.Where(e => e.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.KeyBackups.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct).ConfigureAwait(false);

            // Uploads no message refers to (unfinished, or never sent) expire now; the attachment sweeper removes their
            // bytes. Files attached to messages stay with those messages.
            await db.Attachments.Where(a => a.UploaderId == userId && !db.MessageAttachments.Any(r => r.AttachmentId == a.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, now), ct).ConfigureAwait(false);

            // The tombstone: the name is freed, nothing personal or usable to sign in remains.
            // Only a live account becomes a tombstone: of racing deletions one commits, the others (and their audit
            // entries) roll back here and answer as a later request would.
            var tombstone = "deleted-" + userId.ToString("N")[8..32];
            var erased = await db.Users.Where(u => u.Id == userId && u.DeletedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Username, tombstone)
                .SetProperty(u => u.NormalizedUsername, tombstone.ToUpperInvariant())
                .SetProperty(u => u.DisplayName, TombstoneDisplayName)
                .SetProperty(u => u.PasswordHash, "")
                .SetProperty(u => u.Bio, (string?)null)
                .SetProperty(u => u.Pronouns, (string?)null)
                .SetProperty(u => u.AvatarId, (Guid?)null)
                .SetProperty(u => u.BannerId, (Guid?)null)
                .SetProperty(u => u.Status, (int?)null)
                .SetProperty(u => u.CustomStatusText, (string?)null)
                .SetProperty(u => u.CustomStatusExpiresAt, (DateTimeOffset?)null)
                .SetProperty(u => u.SuspendedAt, now)
                .SetProperty(u => u.SuspensionReason, "deleted")
                .SetProperty(u => u.DeletedAt, now), ct).ConfigureAwait(false);
            if (erased == 0)
            {
                throw Fail.NotFound("The user");
            }
        }, cancellationToken).ConfigureAwait(false);

        // The sessions are gone, so every token is refused from the next request on; close live connections now.
        await gateway.DisconnectAsync(userId, null, ErrorCodes.SessionRevoked, cancellationToken).ConfigureAwait(false);
        foreach (var communityId in communities)
        {
            await effects.NotifyCommunityAsync(communityId, new MemberRemovedEvent(communityId, null, userId, "account_deleted"), null, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1160, Level = LogLevel.Information, Message = "Account {UserId} deleted (by an administrator: {ByAdmin})")]
    private static partial void LogDeleted(ILogger logger, Guid userId, bool byAdmin);
}
