namespace Chatalot.Client;

/// <summary>
/// A group this user could see was deleted, with its channels (<c>group_deleted</c>).
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record GroupDeleted : ChatalotEvent
{
    /// <summary>The deleted group's name, when the client knew it.</summary>
    public string? GroupName { get; init; }

    /// <summary>The community's name, when the client knew it.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The deleted group.</summary>
    public required GroupId GroupId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
