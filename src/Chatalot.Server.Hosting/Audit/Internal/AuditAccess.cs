using Chatalot.Protocol.Communities;

namespace Chatalot.Server.Hosting.Audit.Internal;

/// <summary>Who reads a community's audit log (permissions.md §Audit log): the one place a permission flag replaces.</summary>
internal static class AuditAccess
{
    /// <summary>The least community role that reads the community's audit log.</summary>
    public const CommunityRole CommunityViewer = CommunityRole.Moderator;
}
