namespace Chatalot.Client;

/// <summary>A thread as this client saw it: how many replies and the latest (the server's paging by root is in the REST client).</summary>
/// <param name="Root">The thread's root message.</param>
/// <param name="ReplyCount">Thread replies seen by this client.</param>
/// <param name="LastReply">The latest of them.</param>
/// <param name="LastReplyAt">When the server stored it.</param>
public sealed record ThreadActivity(MessageId Root, int ReplyCount, MessageId LastReply, DateTimeOffset LastReplyAt);
