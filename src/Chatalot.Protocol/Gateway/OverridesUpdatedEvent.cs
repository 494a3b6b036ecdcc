using Chatalot.Protocol.Roles;

namespace Chatalot.Protocol.Gateway;

/// <summary>The permission overrides of a group or a channel changed; sent to the community's members. Clients refetch their effective permissions.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="GroupId">The group, for group overrides (or the channel's group).</param>
/// <param name="ChannelId">The channel, for channel overrides; null for group overrides.</param>
/// <param name="Overrides">Every override of that group or channel now.</param>
public sealed record OverridesUpdatedEvent(Guid CommunityId, Guid? GroupId, Guid? ChannelId, IReadOnlyList<PermissionOverride> Overrides) : ServerEvent;
