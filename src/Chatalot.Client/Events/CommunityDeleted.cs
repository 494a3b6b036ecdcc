namespace Chatalot.Client;

/// <summary>
/// A community of this user was deleted, with its groups and channels (<c>community_deleted</c>).
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record CommunityDeleted : ChatalotEvent
{
    /// <summary>The deleted community's name, when the client knew it.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The deleted community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
