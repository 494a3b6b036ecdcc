namespace Chatalot.Client;

/// <summary>
/// A channel this user could read was deleted (<c>channel_deleted</c>); the client has stopped its subscription.
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record ChannelDeleted : ChatalotEvent
{
    /// <summary>The deleted channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>Its group, when it was a group channel.</summary>
    public GroupId? GroupId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
