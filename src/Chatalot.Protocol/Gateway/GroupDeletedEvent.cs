namespace Chatalot.Protocol.Gateway;

/// <summary>A group was deleted with its channels.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="GroupId">The group.</param>
public sealed record GroupDeletedEvent(Guid CommunityId, Guid GroupId) : ServerEvent;
