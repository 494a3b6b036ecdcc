using Chatalot.Server.Hosting.Invitations.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

internal abstract partial class ChatalotDbContext
{
    public DbSet<DirectInviteRow> DirectInvites => Set<DirectInviteRow>();

    private static void OnInvitationsModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<DirectInviteRow>(e =>
        {
            e.ToTable("direct_invites");
            e.HasKey(x => x.Id);
            // One pending invite per user and community: a concurrent duplicate loses the race and is rerun (RaceSafeWriteFilter).
            e.HasIndex(x => new { x.CommunityId, x.InviteeId }).IsUnique();
            e.HasIndex(x => x.InviteeId);
        });
}
