namespace Chatalot.Protocol.Gateway;

/// <summary>The caller lost access to a channel; no further events from it follow.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Reason">Why (member_removed, channel_deleted).</param>
public sealed record SubscriptionRevokedEvent(Guid ChannelId, string Reason) : ServerEvent;
