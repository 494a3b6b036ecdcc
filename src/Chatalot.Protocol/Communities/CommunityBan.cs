namespace Chatalot.Protocol.Communities;

/// <summary>A ban from a community.</summary>
/// <param name="UserId">The banned user.</param>
/// <param name="Reason">Why, if given.</param>
/// <param name="BannedBy">Who banned.</param>
/// <param name="CreatedAt">When.</param>
public sealed record CommunityBan(Guid UserId, string? Reason, Guid BannedBy, DateTimeOffset CreatedAt);
