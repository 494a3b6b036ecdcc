using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Roles;

namespace Chatalot.Server.Hosting.Reports.Internal;

/// <summary>Who handles reports (permissions.md §Reports).</summary>
internal static class ReportAccess
{
    /// <summary>The flag that sees and resolves a community's reports (moderators hold it by their preset).</summary>
    public const CommunityPermissions CommunityHandler = CommunityPermissions.HandleReports;

    /// <summary>The least instance role that sees and resolves reports of DM messages.</summary>
    public const InstanceRole DmHandler = InstanceRole.Owner;
}
