using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;

namespace Chatalot.Server.Hosting.Reports.Internal;

/// <summary>
/// Who handles reports (permissions.md §Reports): the single place to change when community roles gain a
/// "handle reports" permission flag.
/// </summary>
internal static class ReportAccess
{
    /// <summary>The least community role that sees and resolves a community's reports.</summary>
    public const CommunityRole CommunityHandler = CommunityRole.Admin;

    /// <summary>The least instance role that sees and resolves reports of DM messages.</summary>
    public const InstanceRole DmHandler = InstanceRole.Owner;
}
