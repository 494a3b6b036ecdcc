namespace Chatalot.Protocol.Gateway;

/// <summary>A user left or was removed from a community or group.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="GroupId">The group, for group removals.</param>
/// <param name="UserId">The user.</param>
/// <param name="Reason">left, kicked or banned.</param>
public sealed record MemberRemovedEvent(Guid CommunityId, Guid? GroupId, Guid UserId, string Reason) : ServerEvent;
