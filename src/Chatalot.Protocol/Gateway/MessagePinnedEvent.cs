namespace Chatalot.Protocol.Gateway;

/// <summary>A message was pinned in a channel.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="MessageId">The message.</param>
/// <param name="PinnedBy">Who pinned it.</param>
/// <param name="PinnedAt">When.</param>
public sealed record MessagePinnedEvent(Guid ChannelId, Guid MessageId, Guid PinnedBy, DateTimeOffset PinnedAt) : ServerEvent;
