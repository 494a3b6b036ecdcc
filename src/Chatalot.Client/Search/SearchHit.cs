namespace Chatalot.Client.Search;

/// <summary>
/// One message found by <see cref="MessageSearchIndex.SearchAsync"/>: enough to list it and jump to it (load the channel's
/// history around <see cref="MessageId"/>). <see cref="ToString"/> leaves the snippet out, so logging a hit never leaks text.
/// </summary>
public sealed record SearchHit
{
    /// <summary>The message.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>The channel (group channel or direct-message channel) it is in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>Its authenticated sender.</summary>
    public required MessageSender Sender { get; init; }

    /// <summary>When the server stored it.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>When it was last edited, if it was (the index holds the latest text).</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>
    /// A piece of the message around the first match (the whole text when short), line breaks shown as spaces, with
    /// <c>…</c> where it was cut.
    /// </summary>
    public required string Snippet { get; init; }

    /// <summary>The matched words in <see cref="Snippet"/>, in order, not overlapping.</summary>
    public required IReadOnlyList<SearchHighlight> Highlights { get; init; }

    /// <summary>Describes the hit without its text.</summary>
    /// <returns>The ids and time.</returns>
    public override string ToString() =>
        $"SearchHit {{ MessageId = {MessageId}, ChannelId = {ChannelId}, Sender = {Sender.UserId}/{Sender.DeviceId}, SentAt = {SentAt:O} }}";
}
