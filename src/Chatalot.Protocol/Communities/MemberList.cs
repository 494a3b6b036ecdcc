using Chatalot.Protocol.Common;

namespace Chatalot.Protocol.Communities;

/// <summary>A page of community members, ordered by user id; pass <see cref="PageInfo.NextCursor"/> as <c>after</c>.</summary>
/// <param name="Members">The members.</param>
/// <param name="Page">Cursor information.</param>
public sealed record MemberList(IReadOnlyList<CommunityMember> Members, PageInfo Page);
