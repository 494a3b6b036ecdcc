namespace Chatalot.Protocol.Moderation;

/// <summary>Body of <c>PUT /api/v1/communities/{id}/members/{user_id}/timeout</c>.</summary>
/// <param name="Until">When the time-out ends: in the future, at most 28 days ahead.</param>
/// <param name="Reason">Why, at most 500 characters (kept in the audit log).</param>
public sealed record TimeoutRequest(DateTimeOffset Until, string? Reason = null);
