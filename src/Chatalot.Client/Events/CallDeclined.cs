namespace Chatalot.Client;

/// <summary>The person this device rang in a DM declined the call (on one of their devices).</summary>
public sealed record CallDeclined : ChatalotEvent
{
    /// <summary>The DM.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>Who declined.</summary>
    public required UserId UserId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
