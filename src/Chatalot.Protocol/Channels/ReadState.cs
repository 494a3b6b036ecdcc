namespace Chatalot.Protocol.Channels;

/// <summary>
/// A user's read cursor in one channel, shared by all their devices, with the channel's newest message, so a client
/// shows an unread dot (<see cref="LastMessageId"/> after <see cref="LastReadMessageId"/>) without decrypting anything.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="LastReadMessageId">The newest message the user has read, or <see langword="null"/> if none yet.</param>
/// <param name="LastMessageId">The channel's newest message (deleted ones included), or <see langword="null"/> when empty.</param>
public sealed record ReadState(Guid ChannelId, Guid? LastReadMessageId, Guid? LastMessageId);
