using Chatalot.Protocol.Common;

namespace Chatalot.Protocol.Groups;

/// <summary>A page of group members, ordered by user id; pass <see cref="PageInfo.NextCursor"/> as <c>after</c>.</summary>
/// <param name="Members">The members.</param>
/// <param name="Page">Cursor information.</param>
public sealed record GroupMemberList(IReadOnlyList<GroupMember> Members, PageInfo Page);
