namespace Chatalot.Client;

/// <summary>A message was pinned in a channel (<c>message_pinned</c>; pins are server metadata, rest.md §Pins).</summary>
public sealed record MessagePinned : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The pinned message.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>Who pinned it.</summary>
    public required UserId PinnedBy { get; init; }

    /// <summary>When it was pinned (server time).</summary>
    public required DateTimeOffset PinnedAt { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
