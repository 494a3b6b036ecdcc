namespace Chatalot.Client;

/// <summary>A user joined a community, or a group inside one.</summary>
public sealed record MemberJoined : ChatalotEvent
{
    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The group, when the user joined a group rather than the community.</summary>
    public GroupId? GroupId { get; init; }

    /// <summary>The user who joined.</summary>
    public required UserId UserId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
