namespace Chatalot.Protocol.Roles;

/// <summary>Body of <c>PATCH /api/v1/communities/{id}/roles/{role_id}</c>; omitted members stay unchanged. For @everyone only <see cref="Permissions"/> may change.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Color">The new colour (<c>#rrggbb</c>), or an empty string to clear it.</param>
/// <param name="Permissions">The new flags; flags the caller lacks may be neither added nor removed.</param>
/// <param name="Hoist">The new hoist setting.</param>
/// <param name="Mentionable">The new mentionable setting.</param>
public sealed record UpdateRoleRequest(string? Name = null, string? Color = null, CommunityPermissions? Permissions = null, bool? Hoist = null, bool? Mentionable = null);
