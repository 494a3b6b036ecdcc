namespace Chatalot.Client;

/// <summary>A message was deleted; the server has dropped its ciphertext, so applications should drop their copy too.</summary>
public sealed record MessageDeleted : ChatalotEvent
{
    /// <summary>The channel the message was in.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The deleted message.</summary>
    public required MessageId MessageId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
