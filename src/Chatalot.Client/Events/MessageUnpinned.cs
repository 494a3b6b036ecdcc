namespace Chatalot.Client;

/// <summary>A message was unpinned, or deleted while pinned (<c>message_unpinned</c>).</summary>
public sealed record MessageUnpinned : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The message that is no longer pinned.</summary>
    public required MessageId MessageId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
