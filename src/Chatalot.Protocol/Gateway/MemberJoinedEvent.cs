namespace Chatalot.Protocol.Gateway;

/// <summary>A user joined a community or group.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="GroupId">The group, for group joins.</param>
/// <param name="UserId">The user.</param>
public sealed record MemberJoinedEvent(Guid CommunityId, Guid? GroupId, Guid UserId) : ServerEvent;
