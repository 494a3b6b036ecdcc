namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Sent once after <c>ready</c> on <c>authenticate</c>: every community mate who is online (idle, dnd) at that moment.
/// Omitted when nobody is. Later changes arrive as <see cref="PresenceUpdatedEvent"/>.
/// </summary>
/// <param name="Users">The online community mates.</param>
public sealed record PresenceSnapshotEvent(IReadOnlyList<UserPresence> Users) : ServerEvent;
