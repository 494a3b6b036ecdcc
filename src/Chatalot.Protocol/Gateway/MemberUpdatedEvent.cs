using Chatalot.Protocol.Communities;

namespace Chatalot.Protocol.Gateway;

/// <summary>A community member's roles, rank or time-out changed; sent to the community's members.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="Member">The member as <c>GET /communities/{id}/members</c> lists them now.</param>
public sealed record MemberUpdatedEvent(Guid CommunityId, CommunityMember Member) : ServerEvent;
