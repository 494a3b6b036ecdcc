namespace Chatalot.Protocol.Gateway;

/// <summary>A community mate's presence changed.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Status">The status (invisible users appear offline).</param>
/// <param name="CustomStatus">The user's custom status text; null when none is set, it expired, or the user appears offline.</param>
/// <param name="CustomStatusExpiresAt">When <paramref name="CustomStatus"/> stops being shown; null when it does not expire.</param>
public sealed record PresenceUpdatedEvent(Guid UserId, PresenceStatus Status, string? CustomStatus = null, DateTimeOffset? CustomStatusExpiresAt = null) : ServerEvent;
