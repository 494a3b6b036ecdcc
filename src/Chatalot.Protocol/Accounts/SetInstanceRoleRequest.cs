namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>PUT /api/v1/admin/users/{id}/role</c> (instance owner only).</summary>
/// <param name="Role">The new role: <see cref="InstanceRole.User"/> or <see cref="InstanceRole.Admin"/>.</param>
public sealed record SetInstanceRoleRequest(InstanceRole Role);
