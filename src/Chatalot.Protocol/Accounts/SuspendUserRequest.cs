namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/admin/users/{id}/suspend</c>. Takes effect on live connections at once.</summary>
/// <param name="Reason">Why, at most 500 characters; shown to the user.</param>
public sealed record SuspendUserRequest(string? Reason = null);
