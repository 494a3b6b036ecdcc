namespace Chatalot.Protocol.Roles;

/// <summary>Body of <c>PUT /api/v1/{groups|channels}/{id}/overrides/{target_kind}/{target_id}</c>. A flag may not be in both sets.</summary>
/// <param name="Allow">Flags to grant; only flags the caller holds there.</param>
/// <param name="Deny">Flags to remove; only flags the caller holds there.</param>
public sealed record SetPermissionOverrideRequest(CommunityPermissions Allow = CommunityPermissions.None, CommunityPermissions Deny = CommunityPermissions.None);
