using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>Who may use the instance administration routes (permissions.md §Instance).</summary>
internal static class AdminGuard
{
    public static void RequireAdmin(Caller caller)
    {
        if (!caller.IsInstanceAdmin)
        {
            throw Fail.Forbidden("Instance administrators only.");
        }
    }

    /// <summary>Admins may act on ordinary users; only the owner may act on admins; nobody on the owner or on themselves.</summary>
    public static void RequireMayActOn(Caller caller, UserRow target)
    {
        RequireAdmin(caller);
        var targetRole = (InstanceRole)target.Role;
        if (target.Id == caller.UserId || targetRole == InstanceRole.Owner || (targetRole == InstanceRole.Admin && caller.Role != InstanceRole.Owner))
        {
            throw Fail.Forbidden("You may not act on this account.");
        }
    }
}
