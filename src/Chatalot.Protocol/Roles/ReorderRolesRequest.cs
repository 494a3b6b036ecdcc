namespace Chatalot.Protocol.Roles;

/// <summary>Body of <c>PUT /api/v1/communities/{id}/roles/positions</c>: every custom role, lowest first (position 1 upwards).</summary>
/// <param name="RoleIds">Each custom role of the community exactly once; roles at or above the caller's highest role must keep their place.</param>
public sealed record ReorderRolesRequest(IReadOnlyList<Guid> RoleIds);
