namespace Chatalot.Protocol.Gateway;

/// <summary>One user's visible presence, as listed in a <see cref="PresenceSnapshotEvent"/>.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Status">The status (invisible users appear offline, and offline users are not listed).</param>
/// <param name="CustomStatus">The user's custom status text; null when none is set or it expired.</param>
/// <param name="CustomStatusExpiresAt">When <paramref name="CustomStatus"/> stops being shown; null when it does not expire.</param>
public sealed record UserPresence(Guid UserId, PresenceStatus Status, string? CustomStatus = null, DateTimeOffset? CustomStatusExpiresAt = null);
