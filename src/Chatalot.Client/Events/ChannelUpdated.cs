namespace Chatalot.Client;

/// <summary>
/// A channel this user can read was renamed, re-topiced, reordered or changed its read-only, slow-mode or archived setting (<c>channel_updated</c>).
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record ChannelUpdated : ChatalotEvent
{
    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The group's name, when there is a group, from the client's <see cref="EntityDirectory"/>; null otherwise or when it could not be read.</summary>
    public string? GroupName { get; init; }

    /// <summary>The channel as it is now.</summary>
    public required Protocol.Channels.Channel Channel { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
