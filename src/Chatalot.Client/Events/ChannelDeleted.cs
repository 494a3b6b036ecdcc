namespace Chatalot.Client;

/// <summary>
/// A channel this user could read was deleted (<c>channel_deleted</c>); the client has stopped its subscription.
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record ChannelDeleted : ChatalotEvent
{
    /// <summary>The deleted channel's name, when the client knew it; null for a direct-message channel or when it was not known.</summary>
    public string? ChannelName { get; init; }

    /// <summary>Its community, when the client knew it; null for a direct-message channel or when it was not known.</summary>
    public CommunityId? CommunityId { get; init; }

    /// <summary>The community's name, when the client knew it; null otherwise.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The deleted channel.</summary>
    public required ChannelId ChannelId { get; init; }

    /// <summary>Its group, when it was a group channel.</summary>
    public GroupId? GroupId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
