namespace Chatalot.Protocol.Accounts;

/// <summary>A user the caller has blocked: neither side can open or use a DM with the other.</summary>
/// <param name="UserId">The blocked user.</param>
/// <param name="CreatedAt">When the block was made.</param>
public sealed record BlockedUser(Guid UserId, DateTimeOffset CreatedAt);
