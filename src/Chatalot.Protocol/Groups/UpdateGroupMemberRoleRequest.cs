namespace Chatalot.Protocol.Groups;

/// <summary>Body of <c>PUT /api/v1/groups/{id}/members/{user_id}/role</c>.</summary>
/// <param name="Role">The new role; <see cref="GroupRole.Owner"/> is only reachable by transfer.</param>
public sealed record UpdateGroupMemberRoleRequest(GroupRole Role);
