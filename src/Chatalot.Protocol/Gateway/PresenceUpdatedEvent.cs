namespace Chatalot.Protocol.Gateway;

/// <summary>A community mate's presence changed.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Status">The status (invisible users appear offline).</param>
public sealed record PresenceUpdatedEvent(Guid UserId, PresenceStatus Status) : ServerEvent;
