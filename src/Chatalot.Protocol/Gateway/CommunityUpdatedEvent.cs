namespace Chatalot.Protocol.Gateway;

/// <summary>A community's settings or ownership changed; sent to its members.</summary>
/// <param name="Community">The community (without the recipient-specific role).</param>
public sealed record CommunityUpdatedEvent(Communities.Community Community) : ServerEvent;
