namespace Chatalot.Protocol.Gateway;

/// <summary>One user's visible presence, as listed in a <see cref="PresenceSnapshotEvent"/>.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Status">The status (invisible users appear offline, and offline users are not listed).</param>
public sealed record UserPresence(Guid UserId, PresenceStatus Status);
