namespace Chatalot.Client;

/// <summary>A poll was opened, voted on or closed: <see cref="Tally"/> is its whole new result.</summary>
public sealed record PollUpdated : ChatalotEvent
{
    /// <summary>The channel of the poll.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The new tally.</summary>
    public required PollTally Tally { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();

    /// <summary>Describes the update without the question or answers.</summary>
    public override string ToString() => $"PollUpdated {{ ChannelId = {ChannelId}, {Tally} }}";
}
