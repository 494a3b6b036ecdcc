using Chatalot.Protocol.Audit;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Audit.Internal;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// The instance audit entries of administration (permissions.md §Instance), written through <see cref="AuditLog"/>: each
/// call adds its entry to the current unit of work, so it commits atomically with the action's SaveChanges. Details are
/// short and never hold a secret.
/// </summary>
internal sealed class AdminAudit(AuditLog log)
{
    public void Claimed(Guid ownerId) => log.Record(AuditAction.ServerClaimed, ownerId, targetUserId: ownerId);

    public void Suspended(Caller caller, Guid userId, string? reason) => log.Record(AuditAction.UserSuspended, caller.UserId, targetUserId: userId, reason: reason);

    public void Unsuspended(Caller caller, Guid userId) => log.Record(AuditAction.UserUnsuspended, caller.UserId, targetUserId: userId);

    public void RoleChanged(Caller caller, Guid userId, string role) => log.Record(AuditAction.InstanceRoleChanged, caller.UserId, targetUserId: userId, detail: role);

    public void SessionsRevoked(Caller caller, Guid userId, int sessions) =>
        log.Record(AuditAction.UserSessionsRevoked, caller.UserId, targetUserId: userId, detail: sessions == 1 ? "1 session" : $"{sessions} sessions");

    public void TwoFactorReset(Caller caller, Guid userId) => log.Record(AuditAction.TwoFactorReset, caller.UserId, targetUserId: userId);

    public void SettingsChanged(Caller caller, string detail) => log.Record(AuditAction.ServerSettingsChanged, caller.UserId, detail: detail);

    public void InviteCreated(Caller caller, Guid inviteId, string detail) => log.Record(AuditAction.RegistrationInviteCreated, caller.UserId, targetId: inviteId, detail: detail);

    public void InviteRevoked(Caller caller, Guid inviteId) => log.Record(AuditAction.RegistrationInviteRevoked, caller.UserId, targetId: inviteId);
}
