namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>PATCH /api/v1/communities/{id}</c>; omitted members stay unchanged.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Description">The new description.</param>
/// <param name="Discoverable">The new discoverability.</param>
public sealed record UpdateCommunityRequest(string? Name = null, string? Description = null, bool? Discoverable = null);
