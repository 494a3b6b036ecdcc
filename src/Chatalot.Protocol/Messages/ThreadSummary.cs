namespace Chatalot.Protocol.Messages;

/// <summary>One thread of a channel: its root message and its latest activity.</summary>
/// <param name="Root">The root message (its <c>thread_reply_count</c> and <c>thread_last_reply_at</c> are set).</param>
/// <param name="LastReplyId">The newest reply; pass it as <c>before</c> to page on from this thread.</param>
public sealed record ThreadSummary(Message Root, Guid LastReplyId);
