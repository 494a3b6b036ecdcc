namespace Chatalot.Protocol.Groups;

/// <summary>Body of <c>POST /api/v1/communities/{id}/groups</c>. Creates a <c>general</c> text channel too.</summary>
/// <param name="Name">The name, 1-64 characters.</param>
/// <param name="Description">The description.</param>
/// <param name="Visibility">Public (default) or private.</param>
/// <param name="Discoverable">Whether a private group is listed to community members.</param>
public sealed record CreateGroupRequest(
    string Name,
    string? Description = null,
    GroupVisibility Visibility = GroupVisibility.Public,
    bool Discoverable = true);
