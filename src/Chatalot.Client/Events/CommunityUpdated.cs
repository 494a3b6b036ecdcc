namespace Chatalot.Client;

/// <summary>
/// A community of this user was renamed or otherwise changed (<c>community_updated</c>).
/// </summary>
/// <remarks>Directory events share one ordering key, so they reach handlers in the order the server sent them.</remarks>
public sealed record CommunityUpdated : ChatalotEvent
{
    /// <summary>The community as it is now.</summary>
    public required Protocol.Communities.Community Community { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
