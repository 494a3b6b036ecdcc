namespace Chatalot.Protocol.Roles;

/// <summary>Allow and deny flags of one role or member in one group or channel (permissions.md §Overrides).</summary>
/// <param name="TargetKind">A role (or @everyone) or a member.</param>
/// <param name="TargetId">The role id (the community's id for @everyone) or the user id.</param>
/// <param name="Allow">Flags granted at this level.</param>
/// <param name="Deny">Flags removed at this level.</param>
public sealed record PermissionOverride(OverrideTargetKind TargetKind, Guid TargetId, CommunityPermissions Allow, CommunityPermissions Deny);
