namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>PATCH /api/v1/users/me</c>; omitted members stay unchanged.</summary>
/// <param name="DisplayName">The new display name, 1-64 characters.</param>
public sealed record UpdateProfileRequest(string? DisplayName = null);
