namespace Chatalot.Protocol.Gateway;

/// <summary>A channel was deleted; its subscriptions end.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="GroupId">Its group.</param>
public sealed record ChannelDeletedEvent(Guid ChannelId, Guid? GroupId) : ServerEvent;
