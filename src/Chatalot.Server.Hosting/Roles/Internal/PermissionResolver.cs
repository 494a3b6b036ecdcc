using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Roles;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>One override as the resolver needs it.</summary>
internal readonly record struct OverrideFlags(OverrideTargetKind Kind, Guid TargetId, CommunityPermissions Allow, CommunityPermissions Deny);

/// <summary>
/// The single place flags are computed (permissions.md §Resolution), as Discord does: the base (@everyone, then the
/// member's roles), then at each level (group, then channel) the @everyone override (deny, then allow), the member's
/// role overrides together (all their denies, then all their allows, so an allow wins), then the member's own override. Admins and the owner hold everything and
/// skip overrides; a moderator's preset is added back after each level, so overrides never take it away.
/// </summary>
internal static class PermissionResolver
{
    /// <summary>The community-wide flags: what kick, ban, roles, emoji, reports, invites and the audit log check.</summary>
    public static CommunityPermissions Base(CommunityRole rank, CommunityPermissions everyone, IEnumerable<CommunityPermissions> roles)
    {
        if (rank >= CommunityRole.Admin)
        {
            return CommunityPermissions.All;
        }

        var flags = everyone;
        foreach (var role in roles)
        {
            flags |= role;
        }

        return rank == CommunityRole.Moderator ? flags | CommunityPermissions.ModeratorPreset : flags;
    }

    /// <summary>Applies one level's overrides (a group's or a channel's) to the flags of the level above.</summary>
    public static CommunityPermissions Apply(CommunityPermissions flags, CommunityRole rank, Guid communityId, Guid userId, IReadOnlySet<Guid> roleIds, IEnumerable<OverrideFlags> overrides)
    {
        if (rank >= CommunityRole.Admin)
        {
            return CommunityPermissions.All;
        }

        OverrideFlags? everyone = null, member = null;
        CommunityPermissions roleAllow = 0, roleDeny = 0;
        foreach (var o in overrides)
        {
            if (o.Kind == OverrideTargetKind.Member)
            {
                if (o.TargetId == userId)
                {
                    member = o;
                }
            }
            else if (o.TargetId == communityId)
            {
                everyone = o;
            }
            else if (roleIds.Contains(o.TargetId))
            {
                roleAllow |= o.Allow;
                roleDeny |= o.Deny;
            }
        }

        if (everyone is { } e)
        {
            flags = (flags & ~e.Deny) | e.Allow;
        }

        // Between the member's roles at one level an allow beats a deny, as on Discord (permissions.md §Resolution):
        // a role granted to let someone through must not be undone by a broader role that shuts others out.
        flags = (flags & ~roleDeny) | roleAllow;
        if (member is { } m)
        {
            flags = (flags & ~m.Deny) | m.Allow;
        }

        return rank == CommunityRole.Moderator ? flags | CommunityPermissions.ModeratorPreset : flags;
    }
}
