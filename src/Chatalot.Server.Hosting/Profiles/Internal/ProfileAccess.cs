using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>
/// Who sees a user's profile, avatar and banner (permissions.md §Profiles): the user, and people who share a community
/// or a direct message with them. Everyone else is answered as if the user did not exist.
/// </summary>
internal sealed class ProfileAccess(ChatalotDbContext db, Relationships relationships)
{
    public async Task<bool> CanSeeAsync(Guid viewer, Guid target, CancellationToken cancellationToken) =>
        viewer == target
        || await relationships.SharesCommunityAsync(viewer, target, cancellationToken).ConfigureAwait(false)
        || await SharesDmAsync(viewer, target, cancellationToken).ConfigureAwait(false);

    public Task<bool> SharesDmAsync(Guid a, Guid b, CancellationToken cancellationToken)
    {
        var (low, high) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        return db.Channels.AnyAsync(c => c.DmUserLow == low && c.DmUserHigh == high, cancellationToken);
    }

    /// <summary>Everyone who may see <paramref name="userId"/>'s profile, the user included.</summary>
    public async Task<Guid[]> AudienceAsync(Guid userId, CancellationToken cancellationToken)
    {
        var communities = db.CommunityMembers.Where(m => m.UserId == userId).Select(m => m.CommunityId);
        var mates = await db.CommunityMembers.Where(m => communities.Contains(m.CommunityId)).Select(m => m.UserId)
            .Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var low = await db.Channels.Where(c => c.DmUserLow == userId && c.DmUserHigh != null).Select(c => c.DmUserHigh!.Value)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var high = await db.Channels.Where(c => c.DmUserHigh == userId && c.DmUserLow != null).Select(c => c.DmUserLow!.Value)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. mates.Concat(low).Concat(high).Append(userId).Distinct()];
    }
}
