using Chatalot.Protocol.Roles;

namespace Chatalot.Server.Hosting.Audit.Internal;

/// <summary>Who reads a community's audit log (permissions.md §Audit log).</summary>
internal static class AuditAccess
{
    /// <summary>The flag that reads the community's audit log (moderators hold it by their preset).</summary>
    public const CommunityPermissions CommunityViewer = CommunityPermissions.ViewAuditLog;
}
