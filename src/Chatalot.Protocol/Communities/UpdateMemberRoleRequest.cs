namespace Chatalot.Protocol.Communities;

/// <summary>Body of <c>PUT /api/v1/communities/{id}/members/{user_id}/role</c>.</summary>
/// <param name="Role">The new role; <see cref="CommunityRole.Owner"/> is only reachable by transfer.</param>
public sealed record UpdateMemberRoleRequest(CommunityRole Role);
