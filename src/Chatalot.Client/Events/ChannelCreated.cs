namespace Chatalot.Client;

/// <summary>
/// A channel was created that this user can read (<c>channel_created</c>), by them or by someone else. The client subscribes to it by itself; applications add it to their channel list.
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record ChannelCreated : ChatalotEvent
{
    /// <summary>The new channel.</summary>
    public required Protocol.Channels.Channel Channel { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
