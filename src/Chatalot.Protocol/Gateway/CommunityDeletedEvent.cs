namespace Chatalot.Protocol.Gateway;

/// <summary>A community was deleted; all its groups and channels are gone.</summary>
/// <param name="CommunityId">The community.</param>
public sealed record CommunityDeletedEvent(Guid CommunityId) : ServerEvent;
