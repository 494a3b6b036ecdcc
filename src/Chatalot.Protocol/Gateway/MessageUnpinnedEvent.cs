namespace Chatalot.Protocol.Gateway;

/// <summary>A message was unpinned (also when it was deleted).</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="MessageId">The message.</param>
public sealed record MessageUnpinnedEvent(Guid ChannelId, Guid MessageId) : ServerEvent;
