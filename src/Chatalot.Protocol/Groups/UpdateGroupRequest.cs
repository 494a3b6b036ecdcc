namespace Chatalot.Protocol.Groups;

/// <summary>Body of <c>PATCH /api/v1/groups/{id}</c>; omitted members stay unchanged.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Description">The new description.</param>
/// <param name="Visibility">The new visibility.</param>
/// <param name="Discoverable">The new discoverability.</param>
public sealed record UpdateGroupRequest(
    string? Name = null,
    string? Description = null,
    GroupVisibility? Visibility = null,
    bool? Discoverable = null);
