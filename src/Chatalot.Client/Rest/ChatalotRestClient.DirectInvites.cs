using System.Globalization;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>POST /communities/{id}/direct-invites</c>: invites a user (or bot) by exact user name. The invitee gets an
    /// <see cref="InvitedToCommunity"/> event. Inviting someone already invited returns the pending invite.
    /// </summary>
    /// <param name="community">The community; the caller needs <c>create_invites</c> in it.</param>
    /// <param name="username">The invitee's user name (case-insensitive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending invite.</returns>
    /// <exception cref="ChatalotApiException">
    /// <c>not_found</c> (no such user, or not a member of <paramref name="community"/>), <c>forbidden</c>,
    /// <c>already_member</c>, <c>invitee_banned</c>, <c>validation_failed</c>.
    /// </exception>
    public Task<DirectInvite> InviteByNameAsync(CommunityId community, string username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        return PostAsync<CreateDirectInviteRequest, DirectInvite>($"communities/{community}/direct-invites", new CreateDirectInviteRequest(username), cancellationToken);
    }

    /// <summary><c>GET /communities/{id}/direct-invites</c>: the community's pending invites (all with <c>manage_invites</c>, else your own).</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending invites, oldest first.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<IReadOnlyList<DirectInvite>> GetCommunityDirectInvitesAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/direct-invites", Info<IReadOnlyList<DirectInvite>>(), cancellationToken);

    /// <summary><c>DELETE /communities/{id}/direct-invites/{invite_id}</c>: cancels a pending invite (its inviter, or <c>manage_invites</c>).</summary>
    /// <param name="community">The community.</param>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when cancelled.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task CancelDirectInviteAsync(CommunityId community, Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/direct-invites/{inviteId}", cancellationToken);

    /// <summary><c>GET /users/me/invites</c>: the signed-in user's pending invites.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending invites, oldest first.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<DirectInvite>> GetMyInvitesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/invites", Info<IReadOnlyList<DirectInvite>>(), cancellationToken);

    /// <summary><c>POST /users/me/invites/{id}/accept</c>: joins the community the invite is for.</summary>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The community joined.</returns>
    /// <exception cref="ChatalotApiException"><c>invite_invalid</c> (unknown, answered, cancelled or lapsed), <c>banned</c>.</exception>
    public Task<Community> AcceptDirectInviteAsync(Guid inviteId, CancellationToken cancellationToken = default) =>
        PostAsync<Community>($"users/me/invites/{inviteId}/accept", cancellationToken);

    /// <summary><c>POST /users/me/invites/{id}/decline</c>.</summary>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when declined.</returns>
    /// <exception cref="ChatalotApiException"><c>invite_invalid</c>.</exception>
    public Task DeclineDirectInviteAsync(Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"users/me/invites/{inviteId}/decline", cancellationToken);

    /// <summary>
    /// <c>GET /users/lookup</c>: the invite-by-name directory. The user whose user name is exactly
    /// <paramref name="name"/> (whoever they are) first, then people you share a community with whose user name or
    /// display name starts with it (case-insensitive); strangers only by exact name.
    /// </summary>
    /// <param name="name">1-64 characters.</param>
    /// <param name="limit">At most 25 results.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c>.</exception>
    public Task<IReadOnlyList<User>> LookupUsersAsync(string name, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"users/lookup{Query(("name", name), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", Info<IReadOnlyList<User>>(), cancellationToken);
}
