using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>Who may see or contact whom: shared community membership and blocks.</summary>
internal sealed class Relationships(ChatalotDbContext db)
{
    /// <summary>
    /// A user is visible to themselves, to instance admins, to people sharing a community with them, and to the other
    /// member of a DM they have (an instance owner may open a DM with anyone, and the other side must be able to answer).
    /// </summary>
    public async Task<bool> CanSeeAsync(Caller caller, Guid target, CancellationToken cancellationToken) =>
        target == caller.UserId || caller.IsInstanceAdmin || await SharesCommunityAsync(caller.UserId, target, cancellationToken).ConfigureAwait(false)
        || await SharesDmAsync(caller.UserId, target, cancellationToken).ConfigureAwait(false);

    public Task<bool> SharesDmAsync(Guid a, Guid b, CancellationToken cancellationToken)
    {
        var (low, high) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        return db.Channels.AnyAsync(c => c.DmUserLow == low && c.DmUserHigh == high, cancellationToken);
    }

    public Task<bool> SharesCommunityAsync(Guid a, Guid b, CancellationToken cancellationToken) =>
        db.CommunityMembers.Where(m => m.UserId == a)
            .Join(db.CommunityMembers.Where(m => m.UserId == b), x => x.CommunityId, y => y.CommunityId, (x, y) => x.CommunityId)
            .AnyAsync(cancellationToken);

    /// <summary>Whether either user blocked the other.</summary>
    public Task<bool> IsBlockedEitherWayAsync(Guid a, Guid b, CancellationToken cancellationToken) =>
        db.UserBlocks.AnyAsync(x => (x.BlockerId == a && x.BlockedId == b) || (x.BlockerId == b && x.BlockedId == a), cancellationToken);
}
