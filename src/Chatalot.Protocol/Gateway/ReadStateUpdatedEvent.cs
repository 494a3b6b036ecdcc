namespace Chatalot.Protocol.Gateway;

/// <summary>The user's read cursor in a channel moved (on another of their devices, or by mark-all); sent only to that user.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="LastReadMessageId">The new cursor.</param>
public sealed record ReadStateUpdatedEvent(Guid ChannelId, Guid LastReadMessageId) : ServerEvent;
