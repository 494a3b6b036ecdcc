namespace Chatalot.Client;

/// <summary>
/// A user left or was removed from a community or group. Channel sender keys of this client are rotated before their
/// next use, so the departed user cannot read what is sent afterwards.
/// </summary>
public sealed record MemberRemoved : ChatalotEvent
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

    /// <summary>The group, when the user left a group rather than the community.</summary>
    public GroupId? GroupId { get; init; }

    /// <summary>The user who left.</summary>
    public required UserId UserId { get; init; }

    /// <summary>Why, as the server reports it (for example <c>left</c>, <c>kicked</c>, <c>banned</c>).</summary>
    public string? Reason { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
