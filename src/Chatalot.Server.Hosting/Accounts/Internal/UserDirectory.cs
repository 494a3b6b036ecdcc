using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// The DM user picker (<c>GET /users/search</c>): a prefix search over the users the caller may see (community mates;
/// everyone for instance admins), the same rule as <c>GET /users/{id}</c>, so it reveals nobody new.
/// </summary>
internal sealed class UserDirectory(ChatalotDbContext db)
{
    public async Task<IReadOnlyList<User>> SearchAsync(Caller caller, string? q, int? limit, CancellationToken cancellationToken)
    {
        var text = q?.Trim() ?? "";
        if (text.Length is 0 or > ChatalotLimits.NameMaxLength)
        {
            throw Fail.Validation("q", $"Must be 1-{ChatalotLimits.NameMaxLength} characters.");
        }

        var take = Check.PageSize(limit, ChatalotLimits.UserSearchMaxResults);
        var upper = text.ToUpperInvariant();
        var users = db.Users.AsNoTracking().Where(u => u.Id != caller.UserId && u.SuspendedAt == null);
        if (!caller.IsInstanceAdmin)
        {
            var myCommunities = db.CommunityMembers.Where(m => m.UserId == caller.UserId).Select(m => m.CommunityId);
            users = users.Where(u => db.CommunityMembers.Any(m => m.UserId == u.Id && myCommunities.Contains(m.CommunityId)));
        }

        // NormalizedUsername is upper case already; display names go through the database's upper() (ASCII letters on
        // SQLite). StartsWith translates to an escaped prefix test, so % and _ in the query match literally.
        var rows = await users
            .Where(u => u.NormalizedUsername.StartsWith(upper) || u.DisplayName.ToUpper().StartsWith(upper))
            .OrderBy(u => u.NormalizedUsername).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(UserMapper.ToDto)];
    }
}
