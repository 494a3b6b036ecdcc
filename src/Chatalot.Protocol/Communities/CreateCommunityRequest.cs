namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>POST /api/v1/communities</c>.</summary>
/// <param name="Name">The name, 1-64 characters.</param>
/// <param name="Description">The description, at most 2048 characters.</param>
/// <param name="Discoverable">Whether invite previews show its name and description.</param>
public sealed record CreateCommunityRequest(string Name, string? Description = null, bool Discoverable = false);
