namespace Chatalot.Client;

/// <summary>
/// The reactions on a message changed (someone, this user included, added or removed one). <see cref="Reactions"/> is
/// the whole new summary, emoji in the order they were first given, at most
/// <see cref="Protocol.ChatalotLimits.ReactionsPerMessageMax"/> of them.
/// </summary>
public sealed record ReactionsChanged : ChatalotEvent
{
    /// <summary>The channel of the message.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The message reacted to.</summary>
    public required MessageId MessageId { get; init; }

    /// <summary>Every emoji on the message now, with counts and users.</summary>
    public required IReadOnlyList<ReactionSummary> Reactions { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();

    /// <summary>Describes the change without the emoji.</summary>
    public override string ToString() => $"ReactionsChanged {{ MessageId = {MessageId}, ChannelId = {ChannelId}, Emoji = {Reactions.Count} }}";
}
