using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Admin;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /admin/users</c> (instance administrators).</summary>
    /// <param name="limit">Page size.</param>
    /// <param name="offset">Users to skip.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for non-administrators.</exception>
    public Task<IReadOnlyList<User>> AdminListUsersAsync(int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        GetAsync($"admin/users{Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("offset", offset?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<IReadOnlyList<User>>(), cancellationToken);

    /// <summary><c>POST /admin/users/{id}/suspend</c>: suspends a user (their connections close at once).</summary>
    /// <param name="user">The user.</param>
    /// <param name="request">The reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when suspended.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AdminSuspendUserAsync(UserId user, SuspendUserRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"admin/users/{user}/suspend", request, cancellationToken);

    /// <summary><c>POST /admin/users/{id}/unsuspend</c>.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when reinstated.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AdminUnsuspendUserAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"admin/users/{user}/unsuspend", cancellationToken);

    /// <summary><c>PUT /admin/users/{id}/role</c>.</summary>
    /// <param name="user">The user.</param>
    /// <param name="request">The new instance role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when changed.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AdminSetRoleAsync(UserId user, SetInstanceRoleRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"admin/users/{user}/role", request, cancellationToken);

    /// <summary><c>GET /admin/registration-invites</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registration invites.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<RegistrationInvite>> AdminListRegistrationInvitesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/registration-invites", Info<IReadOnlyList<RegistrationInvite>>(), cancellationToken);

    /// <summary><c>POST /admin/registration-invites</c>: creates an invite code for invite-only registration.</summary>
    /// <param name="request">Uses and lifetime.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invite.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<RegistrationInvite> AdminCreateRegistrationInviteAsync(CreateInviteRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateInviteRequest, RegistrationInvite>("admin/registration-invites", request, cancellationToken);

    /// <summary><c>DELETE /admin/registration-invites/{id}</c>: revokes the invite (it stays listed, as <c>revoked</c>).</summary>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AdminDeleteRegistrationInviteAsync(Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"admin/registration-invites/{inviteId}", cancellationToken);

    /// <summary><c>GET /admin/users</c> with search: users as administrators see them (role, suspension, last seen, storage used).</summary>
    /// <param name="query">Matches user names and display names containing it (case-insensitive), at most 64 characters; <see langword="null"/> for everyone.</param>
    /// <param name="status">One of <see cref="AdminUserStatus"/> (<c>all</c> by default).</param>
    /// <param name="limit">Page size, 1-200 (default 50).</param>
    /// <param name="offset">Users to skip (ordered by user name).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching users.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for non-administrators, <c>validation_failed</c> for an unknown status or a long query.</exception>
    public Task<IReadOnlyList<AdminUser>> AdminSearchUsersAsync(string? query = null, string? status = null, int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        GetAsync($"admin/users{Query(("query", query), ("status", status), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("offset", offset?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<IReadOnlyList<AdminUser>>(), cancellationToken);

    /// <summary><c>POST /admin/users/{id}/sessions/revoke</c>: signs a user out everywhere (their connections close at once with <c>session_revoked</c>).</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (yourself, the owner, or an admin when you are not the owner), <c>not_found</c>.</exception>
    public Task AdminRevokeSessionsAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"admin/users/{user}/sessions/revoke", cancellationToken);

    /// <summary>
    /// <c>POST /admin/users/{id}/2fa/reset</c>: turns a user's two-factor sign-in off and deletes their backup codes, for
    /// someone who lost their authenticator and backup codes. Their password still guards the account.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when reset.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (yourself, the owner, or an admin when you are not the owner), <c>not_found</c>, <c>two_factor_state</c> when it is not on.</exception>
    public Task AdminResetTwoFactorAsync(UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"admin/users/{user}/2fa/reset", cancellationToken);

    /// <summary><c>GET /admin/settings</c>: the runtime server settings.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings in force.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for non-administrators.</exception>
    public Task<ServerSettings> AdminGetSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/settings", Info<ServerSettings>(), cancellationToken);

    /// <summary>
    /// <c>PATCH /admin/settings</c>: changes registration mode, community creation, limits or the announcement banner
    /// (omitted members stay); connected users get <c>server_updated</c>.
    /// </summary>
    /// <param name="request">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings now in force.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for non-administrators, <c>validation_failed</c> for a value out of range.</exception>
    public Task<ServerSettings> AdminUpdateSettingsAsync(UpdateServerSettingsRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UpdateServerSettingsRequest, ServerSettings>("admin/settings", request, cancellationToken);

    /// <summary><c>GET /admin/storage</c>: database size, attachment bytes in total and by the largest users and communities, counts.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The storage figures.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for non-administrators.</exception>
    public Task<StorageReport> AdminGetStorageAsync(CancellationToken cancellationToken = default) =>
        GetAsync("admin/storage", Info<StorageReport>(), cancellationToken);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Escape(p.Value!)}").ToArray();
        return present.Length == 0 ? string.Empty : "?" + string.Join('&', present);
    }
}
