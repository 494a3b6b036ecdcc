namespace Chatalot.Client;

/// <summary>
/// The allow/deny overrides of a group or a channel changed (<c>overrides_updated</c>). Permissions in that scope may have
/// changed, including which channels this user can view: the client subscribes channels that became readable by itself
/// (no <see cref="ChannelCreated"/> is sent for them), and the server ends subscriptions to channels no longer readable.
/// </summary>
public sealed record OverridesUpdated : ChatalotEvent
{
    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The group of the overrides (for channel overrides, the channel's group).</summary>
    public GroupId? GroupId { get; init; }

    /// <summary>The channel, for channel overrides; null for group overrides.</summary>
    public ChannelId? ChannelId { get; init; }

    /// <summary>Every override of that group or channel now.</summary>
    public required IReadOnlyList<Protocol.Roles.PermissionOverride> Overrides { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
