using Chatalot.Protocol.Roles;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /communities/{id}/roles</c>: every role of the community, @everyone first, then by position.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The roles.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (not a member).</exception>
    public Task<IReadOnlyList<Role>> GetRolesAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/roles", Info<IReadOnlyList<Role>>(), cancellationToken);

    /// <summary><c>POST /communities/{id}/roles</c>: creates a custom role at position 1 (needs <c>manage_roles</c>; only flags you hold).</summary>
    /// <param name="community">The community.</param>
    /// <param name="request">Name, colour, flags.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The role.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<Role> CreateRoleAsync(CommunityId community, CreateRoleRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateRoleRequest, Role>($"communities/{community}/roles", request, cancellationToken);

    /// <summary><c>PATCH /communities/{id}/roles/{role_id}</c>: edits a role below your highest one (@everyone: only its flags).</summary>
    /// <param name="community">The community.</param>
    /// <param name="roleId">The role; the community's id for @everyone.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated role.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<Role> UpdateRoleAsync(CommunityId community, Guid roleId, UpdateRoleRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UpdateRoleRequest, Role>($"communities/{community}/roles/{roleId}", request, cancellationToken);

    /// <summary><c>DELETE /communities/{id}/roles/{role_id}</c>: deletes a custom role below your highest one (unassigns it and drops its overrides).</summary>
    /// <param name="community">The community.</param>
    /// <param name="roleId">The role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (also for @everyone), <c>not_found</c>.</exception>
    public Task DeleteRoleAsync(CommunityId community, Guid roleId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/roles/{roleId}", cancellationToken);

    /// <summary><c>PUT /communities/{id}/roles/positions</c>: reorders the custom roles, lowest first.</summary>
    /// <param name="community">The community.</param>
    /// <param name="roleIdsLowestFirst">Every custom role exactly once; roles at or above your highest role keep their place.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every role in its new order.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<IReadOnlyList<Role>> ReorderRolesAsync(CommunityId community, IReadOnlyList<Guid> roleIdsLowestFirst, CancellationToken cancellationToken = default) =>
        PutAsync<ReorderRolesRequest, IReadOnlyList<Role>>($"communities/{community}/roles/positions", new ReorderRolesRequest(roleIdsLowestFirst), cancellationToken);

    /// <summary><c>PUT /communities/{id}/members/{user_id}/roles/{role_id}</c>: gives a member a role below your highest one.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="roleId">The role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when assigned (idempotent).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AddMemberRoleAsync(CommunityId community, UserId user, Guid roleId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"communities/{community}/members/{user}/roles/{roleId}", cancellationToken);

    /// <summary><c>DELETE /communities/{id}/members/{user_id}/roles/{role_id}</c>: takes a role away from a member.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="roleId">The role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unassigned (idempotent).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task RemoveMemberRoleAsync(CommunityId community, UserId user, Guid roleId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/members/{user}/roles/{roleId}", cancellationToken);

    /// <summary><c>GET /groups/{id}/overrides</c>: the group's permission overrides.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overrides.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<IReadOnlyList<PermissionOverride>> GetGroupOverridesAsync(GroupId group, CancellationToken cancellationToken = default) =>
        GetAsync($"groups/{group}/overrides", Info<IReadOnlyList<PermissionOverride>>(), cancellationToken);

    /// <summary><c>PUT /groups/{id}/overrides/{target_kind}/{target_id}</c>: sets (replaces) one override of a group (needs <c>manage_roles</c>).</summary>
    /// <param name="group">The group.</param>
    /// <param name="targetKind">A role (the community's id for @everyone) or a member.</param>
    /// <param name="targetId">The role or user id.</param>
    /// <param name="allow">Flags to grant.</param>
    /// <param name="deny">Flags to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored override.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<PermissionOverride> SetGroupOverrideAsync(GroupId group, OverrideTargetKind targetKind, Guid targetId, CommunityPermissions allow, CommunityPermissions deny, CancellationToken cancellationToken = default) =>
        PutAsync<SetPermissionOverrideRequest, PermissionOverride>($"groups/{group}/overrides/{KindSegment(targetKind)}/{targetId}", new SetPermissionOverrideRequest(allow, deny), cancellationToken);

    /// <summary><c>DELETE /groups/{id}/overrides/{target_kind}/{target_id}</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="targetKind">A role or a member.</param>
    /// <param name="targetId">The role or user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed (idempotent).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DeleteGroupOverrideAsync(GroupId group, OverrideTargetKind targetKind, Guid targetId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"groups/{group}/overrides/{KindSegment(targetKind)}/{targetId}", cancellationToken);

    /// <summary><c>GET /channels/{id}/overrides</c>: the channel's permission overrides.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overrides.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<IReadOnlyList<PermissionOverride>> GetChannelOverridesAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/overrides", Info<IReadOnlyList<PermissionOverride>>(), cancellationToken);

    /// <summary><c>PUT /channels/{id}/overrides/{target_kind}/{target_id}</c>: sets (replaces) one override of a channel (needs <c>manage_roles</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="targetKind">A role (the community's id for @everyone) or a member.</param>
    /// <param name="targetId">The role or user id.</param>
    /// <param name="allow">Flags to grant.</param>
    /// <param name="deny">Flags to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored override.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<PermissionOverride> SetChannelOverrideAsync(ChannelId channel, OverrideTargetKind targetKind, Guid targetId, CommunityPermissions allow, CommunityPermissions deny, CancellationToken cancellationToken = default) =>
        PutAsync<SetPermissionOverrideRequest, PermissionOverride>($"channels/{channel}/overrides/{KindSegment(targetKind)}/{targetId}", new SetPermissionOverrideRequest(allow, deny), cancellationToken);

    /// <summary><c>DELETE /channels/{id}/overrides/{target_kind}/{target_id}</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="targetKind">A role or a member.</param>
    /// <param name="targetId">The role or user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed (idempotent).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DeleteChannelOverrideAsync(ChannelId channel, OverrideTargetKind targetKind, Guid targetId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"channels/{channel}/overrides/{KindSegment(targetKind)}/{targetId}", cancellationToken);

    /// <summary>
    /// <c>GET /channels/{id}/permissions</c>: what the user may do in a channel now (ranks, roles and overrides resolved),
    /// and their time-out if any. Bots use it for permission preconditions.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The effective flags.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (the channel is not readable).</exception>
    public Task<EffectivePermissions> GetMyPermissionsAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/permissions", Info<EffectivePermissions>(), cancellationToken);

    /// <summary>
    /// <c>GET /channels/{id}/permissions?user_id=</c>: what another reader of a channel may do there now (ranks, roles and
    /// overrides resolved), and their time-out if any. Bots use it to check the user who invoked a command.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="user">The user to resolve.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's effective flags.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (the channel is not readable by the caller or by the user).</exception>
    public Task<EffectivePermissions> GetPermissionsAsync(ChannelId channel, UserId user, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/permissions?user_id={user}", Info<EffectivePermissions>(), cancellationToken);

    private static string KindSegment(OverrideTargetKind kind) => kind switch
    {
        OverrideTargetKind.Role => "role",
        OverrideTargetKind.Member => "member",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
