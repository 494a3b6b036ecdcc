namespace Chatalot.Client;

/// <summary>A user joined a community, or a group inside one.</summary>
public sealed record MemberJoined : ChatalotEvent
{
    /// <summary>The member's user name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? Username { get; init; }

    /// <summary>The member's display name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The group's name, when there is a group, from the client's <see cref="EntityDirectory"/>; null otherwise or when it could not be read.</summary>
    public string? GroupName { get; init; }

    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The group, when the user joined a group rather than the community.</summary>
    public GroupId? GroupId { get; init; }

    /// <summary>The user who joined.</summary>
    public required UserId UserId { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
