namespace Chatalot.Protocol.Channels;

/// <summary>
/// A pinned message: which message, by whom and when. Server-side metadata; the message's body stays encrypted in the
/// message itself (content.md §7).
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="MessageId">The pinned message.</param>
/// <param name="PinnedBy">Who pinned it.</param>
/// <param name="PinnedAt">When it was pinned.</param>
public sealed record ChannelPin(Guid ChannelId, Guid MessageId, Guid PinnedBy, DateTimeOffset PinnedAt);
