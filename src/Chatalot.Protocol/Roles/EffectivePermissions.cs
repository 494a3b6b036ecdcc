namespace Chatalot.Protocol.Roles;

/// <summary>Answer of <c>GET /api/v1/channels/{id}/permissions</c>: what the caller may do in that channel now.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Permissions">The resolved flags (ranks, roles, group and channel overrides; a time-out removes nothing here, see <paramref name="TimedOutUntil"/>).</param>
/// <param name="TimedOutUntil">When the caller's time-out in the community ends, or null when not timed out.</param>
public sealed record EffectivePermissions(Guid ChannelId, CommunityPermissions Permissions, DateTimeOffset? TimedOutUntil = null);
