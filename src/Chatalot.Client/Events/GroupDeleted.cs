namespace Chatalot.Client;

/// <summary>
/// A group this user could see was deleted, with its channels (<c>group_deleted</c>).
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record GroupDeleted : ChatalotEvent
{
    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The deleted group.</summary>
    public required GroupId GroupId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
