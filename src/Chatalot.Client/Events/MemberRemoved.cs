namespace Chatalot.Client;

/// <summary>
/// A user left or was removed from a community or group. Channel sender keys of this client are rotated before their
/// next use, so the departed user cannot read what is sent afterwards.
/// </summary>
public sealed record MemberRemoved : ChatalotEvent
{
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
