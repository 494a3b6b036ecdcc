namespace Chatalot.Client;

/// <summary>
/// A group this user can see was created or changed (<c>group_updated</c>). A new group comes with its own <c>#general</c> channel, which the client subscribes to; list the group's channels to show it.
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record GroupUpdated : ChatalotEvent
{
    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The group as it is now.</summary>
    public required Protocol.Groups.Group Group { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
