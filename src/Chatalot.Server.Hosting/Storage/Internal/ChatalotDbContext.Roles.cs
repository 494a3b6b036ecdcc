using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>The tables of community roles, their assignments and permission overrides (permissions.md §Roles, §Overrides).</summary>
internal abstract partial class ChatalotDbContext
{
    private static void OnRolesModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RoleRow>(e =>
        {
            e.ToTable("community_roles");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Name).HasMaxLength(Protocol.ChatalotLimits.RoleNameMaxLength);
            e.Property(x => x.Color).HasMaxLength(7);
        });

        modelBuilder.Entity<MemberRoleRow>(e =>
        {
            e.ToTable("community_member_roles");
            e.HasKey(x => new { x.CommunityId, x.UserId, x.RoleId });
            e.HasIndex(x => x.RoleId);
        });

        modelBuilder.Entity<PermissionOverrideRow>(e =>
        {
            e.ToTable("permission_overrides");
            e.HasKey(x => new { x.ScopeId, x.TargetKind, x.TargetId });
            e.HasIndex(x => x.CommunityId);
        });
    }
}
