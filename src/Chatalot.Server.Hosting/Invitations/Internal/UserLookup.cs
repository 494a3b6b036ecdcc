using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Invitations.Internal;

/// <summary>
/// The user directory behind "invite by name" (<c>GET /users/lookup</c>, permissions.md §User directory): a
/// case-insensitive prefix match over the user names and display names of people the caller shares a community with
/// (everyone, for instance admins: the rule of <c>GET /users/search</c>), plus the one user whose user name equals the
/// query exactly, whoever they are. A stranger is found only by their exact user name, so nobody can be enumerated.
/// </summary>
internal sealed class UserLookup(ChatalotDbContext db)
{
    public async Task<IReadOnlyList<User>> LookupAsync(Caller caller, string? name, int? limit, CancellationToken cancellationToken)
    {
        var text = name?.Trim() ?? "";
        if (text.Length is 0 or > ChatalotLimits.NameMaxLength)
        {
            throw Fail.Validation("name", $"Must be 1-{ChatalotLimits.NameMaxLength} characters.");
        }

        var take = Check.PageSize(limit, ChatalotLimits.UserSearchMaxResults);
        var upper = text.ToUpperInvariant();
        var live = db.Users.AsNoTracking().Where(u => u.Id != caller.UserId && u.SuspendedAt == null);
        var exact = await live.FirstOrDefaultAsync(u => u.NormalizedUsername == upper, cancellationToken).ConfigureAwait(false);

        var known = live;
        if (!caller.IsInstanceAdmin)
        {
            var myCommunities = db.CommunityMembers.Where(m => m.UserId == caller.UserId).Select(m => m.CommunityId);
            known = known.Where(u => db.CommunityMembers.Any(m => m.UserId == u.Id && myCommunities.Contains(m.CommunityId)));
        }

        // As in UserDirectory: NormalizedUsername is upper case already; display names go through the database's upper().
        var rows = await known
            .Where(u => u.NormalizedUsername != upper && (u.NormalizedUsername.StartsWith(upper) || u.DisplayName.ToUpper().StartsWith(upper)))
            .OrderBy(u => u.NormalizedUsername).Take(exact is null ? take : take - 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return exact is null ? [.. rows.Select(UserMapper.ToDto)] : [UserMapper.ToDto(exact), .. rows.Select(UserMapper.ToDto)];
    }
}
