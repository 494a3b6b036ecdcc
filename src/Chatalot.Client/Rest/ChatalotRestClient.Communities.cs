using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /communities</c>: the communities the user belongs to.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The communities.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<Community>> GetCommunitiesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("communities", Info<IReadOnlyList<Community>>(), cancellationToken);

    /// <summary><c>POST /communities</c>: creates a community owned by the user.</summary>
    /// <param name="request">Name and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The community.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c>.</exception>
    public Task<Community> CreateCommunityAsync(CreateCommunityRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateCommunityRequest, Community>("communities", request, cancellationToken);

    /// <summary><c>GET /communities/{id}</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The community.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<Community> GetCommunityAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}", Info<Community>(), cancellationToken);

    /// <summary><c>PATCH /communities/{id}</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated community.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>validation_failed</c>.</exception>
    public Task<Community> UpdateCommunityAsync(CommunityId community, UpdateCommunityRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UpdateCommunityRequest, Community>($"communities/{community}", request, cancellationToken);

    /// <summary><c>DELETE /communities/{id}</c> (owner only).</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task DeleteCommunityAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}", cancellationToken);

    /// <summary><c>POST /communities/{id}/transfer-ownership</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="newOwner">A member who becomes the owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when transferred.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task TransferCommunityOwnershipAsync(CommunityId community, UserId newOwner, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"communities/{community}/transfer-ownership", new TransferOwnershipRequest(newOwner.Value), cancellationToken);

    /// <summary><c>POST /communities/{id}/leave</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when left.</returns>
    /// <exception cref="ChatalotApiException"><c>conflict</c> for the owner.</exception>
    public Task LeaveCommunityAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"communities/{community}/leave", cancellationToken);

    /// <summary><c>GET /communities/{id}/members</c>: one page of members, in user-id order.</summary>
    /// <param name="community">The community.</param>
    /// <param name="after">Continue after this user (the previous page's last member).</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<MemberList> GetCommunityMembersAsync(CommunityId community, UserId? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/members{Query(("after", after?.ToString()), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<MemberList>(), cancellationToken);

    /// <summary><c>PUT /communities/{id}/members/{user}/role</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="role">The new role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when changed.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task SetCommunityMemberRoleAsync(CommunityId community, UserId user, CommunityRole role, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"communities/{community}/members/{user}/role", new UpdateMemberRoleRequest(role), cancellationToken);

    /// <summary><c>DELETE /communities/{id}/members/{user}</c>: kicks a member.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task KickCommunityMemberAsync(CommunityId community, UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/members/{user}", cancellationToken);

    /// <summary><c>GET /communities/{id}/bans</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bans.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<CommunityBan>> GetBansAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/bans", Info<IReadOnlyList<CommunityBan>>(), cancellationToken);

    /// <summary><c>PUT /communities/{id}/bans/{user}</c>: bans (and removes) a user.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The user.</param>
    /// <param name="reason">Shown to moderators.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when banned.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task BanAsync(CommunityId community, UserId user, string? reason = null, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"communities/{community}/bans/{user}", new BanRequest(reason), cancellationToken);

    /// <summary><c>DELETE /communities/{id}/bans/{user}</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unbanned.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task UnbanAsync(CommunityId community, UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/bans/{user}", cancellationToken);

    /// <summary><c>GET /communities/{id}/invites</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invites.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Invite>> GetCommunityInvitesAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/invites", Info<IReadOnlyList<Invite>>(), cancellationToken);

    /// <summary><c>POST /communities/{id}/invites</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="request">Uses and lifetime.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invite (share its code).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<Invite> CreateCommunityInviteAsync(CommunityId community, CreateInviteRequest? request = null, CancellationToken cancellationToken = default) =>
        PostAsync<CreateInviteRequest, Invite>($"communities/{community}/invites", request ?? new CreateInviteRequest(), cancellationToken);

    /// <summary><c>DELETE /communities/{id}/invites/{invite}</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DeleteCommunityInviteAsync(CommunityId community, Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/invites/{inviteId}", cancellationToken);

    /// <summary><c>GET /invites/{code}</c>: what an invite leads to, before accepting it.</summary>
    /// <param name="code">The invite code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preview.</returns>
    /// <exception cref="ChatalotApiException"><c>invite_invalid</c>.</exception>
    public Task<InvitePreview> PreviewInviteAsync(string code, CancellationToken cancellationToken = default) =>
        GetAsync($"invites/{Escape(code)}", Info<InvitePreview>(), cancellationToken);

    /// <summary><c>POST /invites/{code}/accept</c>: joins the invite's community (and group).</summary>
    /// <param name="code">The invite code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was joined.</returns>
    /// <exception cref="ChatalotApiException"><c>invite_invalid</c>, <c>banned</c>.</exception>
    public Task<InvitePreview> AcceptInviteAsync(string code, CancellationToken cancellationToken = default) =>
        PostAsync<InvitePreview>($"invites/{Escape(code)}/accept", cancellationToken);
}
