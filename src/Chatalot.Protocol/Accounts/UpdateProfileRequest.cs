namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>PATCH /api/v1/users/me</c>; omitted members stay unchanged.</summary>
/// <param name="DisplayName">The new display name, 1-64 characters.</param>
/// <param name="Bio">The new bio, at most <see cref="ChatalotLimits.BioMaxLength"/> characters; an empty string clears it.</param>
/// <param name="Pronouns">The new pronouns, at most <see cref="ChatalotLimits.PronounsMaxLength"/> characters; an empty string clears them.</param>
public sealed record UpdateProfileRequest(string? DisplayName = null, string? Bio = null, string? Pronouns = null);
