using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Roles;

namespace Chatalot.Server.Hosting.Roles.Internal;

/// <summary>
/// A community member's standing as permissions see it, read once per request: rank, custom roles, the community-wide
/// flags and the time-out. <see cref="Standing"/> orders members for "only act on those below you": owner, admin,
/// moderator, then custom roles by their highest position.
/// </summary>
internal sealed record MemberFacts(Guid CommunityId, Guid UserId, CommunityRole Rank, IReadOnlySet<Guid> RoleIds, int TopPosition, CommunityPermissions Base, DateTimeOffset? TimedOutUntil)
{
    public long Standing => ((long)Rank << 32) + TopPosition;

    public bool Has(CommunityPermissions flag) => (Base & flag) == flag;

    /// <summary>The time-out end if it has not passed at <paramref name="now"/>.</summary>
    public DateTimeOffset? TimedOutAt(DateTimeOffset now) => TimedOutUntil > now ? TimedOutUntil : null;
}
