namespace Chatalot.Protocol.Gateway;

/// <summary>A message was deleted.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="MessageId">The message.</param>
public sealed record MessageDeletedEvent(Guid ChannelId, Guid MessageId) : ServerEvent;
