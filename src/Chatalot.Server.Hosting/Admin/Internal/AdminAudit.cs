using Chatalot.Server.Hosting.Accounts.Internal;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// The instance audit entries of administration (permissions.md §Instance): every call adds its entry to the current
/// unit of work, so it commits atomically with the action's SaveChanges. Details are short and never hold a secret.
/// </summary>
internal sealed class AdminAudit
{
    public void Claimed(Guid ownerId) => Record("server_claimed", ownerId, ownerId, null, null, null);

    public void Suspended(Caller caller, Guid userId, string? reason) => Record("user_suspended", caller.UserId, userId, null, reason, null);

    public void Unsuspended(Caller caller, Guid userId) => Record("user_unsuspended", caller.UserId, userId, null, null, null);

    public void RoleChanged(Caller caller, Guid userId, string role) => Record("instance_role_changed", caller.UserId, userId, null, null, role);

    public void SessionsRevoked(Caller caller, Guid userId, int sessions) =>
        Record("sessions_revoked", caller.UserId, userId, null, null, sessions == 1 ? "1 session" : $"{sessions} sessions");

    public void SettingsChanged(Caller caller, string detail) => Record("settings_changed", caller.UserId, null, null, null, detail);

    public void InviteCreated(Caller caller, Guid inviteId, string detail) => Record("registration_invite_created", caller.UserId, null, inviteId, null, detail);

    public void InviteRevoked(Caller caller, Guid inviteId) => Record("registration_invite_revoked", caller.UserId, null, inviteId, null, null);

#pragma warning disable IDE0060, CA1822 // Wired to the instance audit log once it lands (see the admin brief).
    private void Record(string action, Guid actorId, Guid? targetUserId, Guid? targetId, string? reason, string? detail)
    {
    }
#pragma warning restore IDE0060, CA1822
}
