namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>PUT /api/v1/communities/{id}/bans/{user_id}</c>. Removes the member at once.</summary>
/// <param name="Reason">Why, at most 500 characters.</param>
public sealed record BanRequest(string? Reason = null);
