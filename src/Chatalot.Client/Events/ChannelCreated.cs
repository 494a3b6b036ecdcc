namespace Chatalot.Client;

/// <summary>
/// A channel was created that this user can read (<c>channel_created</c>), by them or by someone else. The client subscribes to it by itself; applications add it to their channel list.
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record ChannelCreated : ChatalotEvent
{
    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The group's name, when there is a group, from the client's <see cref="EntityDirectory"/>; null otherwise or when it could not be read.</summary>
    public string? GroupName { get; init; }

    /// <summary>The new channel.</summary>
    public required Protocol.Channels.Channel Channel { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
