namespace Chatalot.Client;

/// <summary>
/// A thread gained or lost a reply (<c>thread_updated</c>): the root's new counters. The thread root id is plaintext
/// metadata the server uses to page threads (content.md §7); the replies themselves arrive as messages.
/// </summary>
public sealed record ThreadUpdated : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The thread's root message.</summary>
    public required MessageId RootId { get; init; }

    /// <summary>How many replies (not deleted) the thread holds.</summary>
    public required int ReplyCount { get; init; }

    /// <summary>When the newest remaining reply was sent, or <see langword="null"/> when none remains.</summary>
    public DateTimeOffset? LastReplyAt { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
