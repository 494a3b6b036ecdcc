namespace Chatalot.Client;

/// <summary>
/// A community member's roles, rank or time-out changed (<c>member_updated</c>): for example a role was granted or
/// removed, or a moderator timed the member out or lifted the time-out. When <see cref="UserId"/> is this client's user,
/// its permissions may have changed and <see cref="TimedOutUntil"/> says whether it may send.
/// </summary>
public sealed record MemberUpdated : ChatalotEvent
{
    /// <summary>The member's user name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? Username { get; init; }

    /// <summary>The member's display name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The community's name, from the client's <see cref="EntityDirectory"/>; null when it could not be read.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>The member whose roles, rank or time-out changed.</summary>
    public required UserId UserId { get; init; }

    /// <summary>The member as <c>GET /communities/{id}/members</c> lists them now (rank, custom role ids, time-out).</summary>
    public required Protocol.Communities.CommunityMember Member { get; init; }

    /// <summary>When the member's time-out ends, or null when they are not timed out (from <see cref="Member"/>).</summary>
    public DateTimeOffset? TimedOutUntil => Member.TimedOutUntil;

    /// <inheritdoc />
    public override string OrderingKey => "community:" + CommunityId.ToString();
}
