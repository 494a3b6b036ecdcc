namespace Chatalot.Client;

/// <summary>
/// The user's read cursor in a channel moved, on this or another of their devices (<c>read_state_updated</c>). Cursors
/// only move forward, so applications can clear unread markers up to <see cref="LastReadMessageId"/>.
/// </summary>
public sealed record ReadStateUpdated : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The newest message the user has read there.</summary>
    public required MessageId LastReadMessageId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
