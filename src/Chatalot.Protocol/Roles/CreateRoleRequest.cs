namespace Chatalot.Protocol.Roles;

/// <summary>Body of <c>POST /api/v1/communities/{id}/roles</c>. The new role goes to position 1, below every other custom role.</summary>
/// <param name="Name">1-100 characters.</param>
/// <param name="Color">Colour as <c>#rrggbb</c>, or null.</param>
/// <param name="Permissions">Flags to grant; only flags the caller holds.</param>
/// <param name="Hoist">List its members separately.</param>
/// <param name="Mentionable">Anyone may mention it.</param>
public sealed record CreateRoleRequest(string Name, string? Color = null, CommunityPermissions Permissions = CommunityPermissions.None, bool Hoist = false, bool Mentionable = false);
