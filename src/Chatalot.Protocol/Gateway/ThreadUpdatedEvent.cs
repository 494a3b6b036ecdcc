namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A thread gained (or lost, by a delete) a reply: the root's new counters. Sent to the channel's subscribers after
/// the reply's <c>message_created</c> or <c>message_deleted</c>.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="RootId">The thread's root message.</param>
/// <param name="ReplyCount">Replies not deleted.</param>
/// <param name="LastReplyAt">When the newest remaining reply was sent, or <see langword="null"/> when none remains.</param>
public sealed record ThreadUpdatedEvent(Guid ChannelId, Guid RootId, int ReplyCount, DateTimeOffset? LastReplyAt) : ServerEvent;
