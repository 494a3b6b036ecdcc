namespace Chatalot.Client;

/// <summary>A message of a channel was pinned or unpinned (a <c>pin</c>/<c>unpin</c> content): <see cref="Pinned"/> is the channel's pinned messages now, earliest pin first.</summary>
public sealed record PinsChanged : ChatalotEvent
{
    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The channel's pinned messages as this client knows them.</summary>
    public required IReadOnlyList<MessageId> Pinned { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
