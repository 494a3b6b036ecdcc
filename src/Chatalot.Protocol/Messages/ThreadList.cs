namespace Chatalot.Protocol.Messages;

/// <summary>A page of a channel's threads, newest activity first.</summary>
/// <param name="Threads">The threads.</param>
/// <param name="HasMore">Whether threads with older activity follow (page on with the last one's <c>last_reply_id</c>).</param>
public sealed record ThreadList(IReadOnlyList<ThreadSummary> Threads, bool HasMore);
