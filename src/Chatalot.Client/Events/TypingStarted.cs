namespace Chatalot.Client;

/// <summary>A user started typing in a channel; show it until <see cref="ExpiresAt"/> unless another event renews it.</summary>
public sealed record TypingStarted : ChatalotEvent
{
    /// <summary>The typing user's user name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? Username { get; init; }

    /// <summary>The typing user's display name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>The user who is typing.</summary>
    public required UserId UserId { get; init; }

    /// <summary>When the indicator lapses (server clock).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => ChannelId.ToString();
}
