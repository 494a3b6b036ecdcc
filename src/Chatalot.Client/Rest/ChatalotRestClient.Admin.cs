using Chatalot.Protocol.Accounts;

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

    /// <summary><c>DELETE /admin/registration-invites/{id}</c>.</summary>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task AdminDeleteRegistrationInviteAsync(Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"admin/registration-invites/{inviteId}", cancellationToken);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Escape(p.Value!)}").ToArray();
        return present.Length == 0 ? string.Empty : "?" + string.Join('&', present);
    }
}
