using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /communities/{id}/groups</c>: the groups the user can see.</summary>
    /// <param name="community">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The groups.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Group>> GetGroupsAsync(CommunityId community, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/groups", Info<IReadOnlyList<Group>>(), cancellationToken);

    /// <summary><c>POST /communities/{id}/groups</c>.</summary>
    /// <param name="community">The community.</param>
    /// <param name="request">Name and visibility.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>validation_failed</c>.</exception>
    public Task<Group> CreateGroupAsync(CommunityId community, CreateGroupRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateGroupRequest, Group>($"communities/{community}/groups", request, cancellationToken);

    /// <summary><c>GET /groups/{id}</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<Group> GetGroupAsync(GroupId group, CancellationToken cancellationToken = default) =>
        GetAsync($"groups/{group}", Info<Group>(), cancellationToken);

    /// <summary><c>PATCH /groups/{id}</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated group.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<Group> UpdateGroupAsync(GroupId group, UpdateGroupRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UpdateGroupRequest, Group>($"groups/{group}", request, cancellationToken);

    /// <summary><c>DELETE /groups/{id}</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task DeleteGroupAsync(GroupId group, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"groups/{group}", cancellationToken);

    /// <summary><c>POST /groups/{id}/transfer-ownership</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="newOwner">A member who becomes the owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when transferred.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task TransferGroupOwnershipAsync(GroupId group, UserId newOwner, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"groups/{group}/transfer-ownership", new TransferOwnershipRequest(newOwner.Value), cancellationToken);

    /// <summary><c>POST /groups/{id}/join</c>: joins a public group of a community the user is in.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> for private groups.</exception>
    public Task<Group> JoinGroupAsync(GroupId group, CancellationToken cancellationToken = default) =>
        PostAsync<Group>($"groups/{group}/join", cancellationToken);

    /// <summary><c>POST /groups/{id}/leave</c>. The client stops receiving the group's channels at once.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when left.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task LeaveGroupAsync(GroupId group, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"groups/{group}/leave", cancellationToken);

    /// <summary><c>GET /groups/{id}/members</c>: one page of members, in user-id order.</summary>
    /// <param name="group">The group.</param>
    /// <param name="after">Continue after this user (the previous page's last member).</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<GroupMemberList> GetGroupMembersAsync(GroupId group, UserId? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"groups/{group}/members{Query(("after", after?.ToString()), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<GroupMemberList>(), cancellationToken);

    /// <summary>
    /// <c>GET /channels/{id}/members</c>: one page of the group members who can view a group channel (after roles and
    /// overrides), in user-id order. A page can hold fewer than <paramref name="limit"/> while more follow.
    /// </summary>
    /// <param name="channel">The group channel.</param>
    /// <param name="after">Continue after this user (the previous page's <c>next_cursor</c>).</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> when the caller cannot read the channel or it is a DM.</exception>
    public Task<GroupMemberList> GetChannelMembersAsync(ChannelId channel, UserId? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/members{Query(("after", after?.ToString()), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<GroupMemberList>(), cancellationToken);

    /// <summary>Every group member who can view a group channel, fetched page by page: whom its channel keys go to.</summary>
    /// <param name="channel">The group channel.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members, in user-id order.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public async IAsyncEnumerable<GroupMember> GetAllChannelMembersAsync(
        ChannelId channel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        UserId? after = null;
        while (true)
        {
            var page = await GetChannelMembersAsync(channel, after, ChatalotLimits.MemberPageMaxSize, cancellationToken).ConfigureAwait(false);
            foreach (var member in page.Members)
            {
                yield return member;
            }

            if (!page.Page.HasMore || page.Page.NextCursor is not { } next || !Guid.TryParse(next, out var cursor))
            {
                yield break;
            }

            after = new UserId(cursor);
        }
    }

    /// <summary>Every member of a group, fetched page by page.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members, in user-id order.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public async IAsyncEnumerable<GroupMember> GetAllGroupMembersAsync(
        GroupId group, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        UserId? after = null;
        while (true)
        {
            var page = await GetGroupMembersAsync(group, after, ChatalotLimits.MemberPageMaxSize, cancellationToken).ConfigureAwait(false);
            foreach (var member in page.Members)
            {
                yield return member;
            }

            if (!page.Page.HasMore || page.Members.Count == 0)
            {
                yield break;
            }

            after = new UserId(page.Members[^1].UserId);
        }
    }

    /// <summary><c>PUT /groups/{id}/members/{user}/role</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="user">The member.</param>
    /// <param name="role">The new role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when changed.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task SetGroupMemberRoleAsync(GroupId group, UserId user, GroupRole role, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"groups/{group}/members/{user}/role", new UpdateGroupMemberRoleRequest(role), cancellationToken);

    /// <summary><c>DELETE /groups/{id}/members/{user}</c>: removes a member from the group.</summary>
    /// <param name="group">The group.</param>
    /// <param name="user">The member.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task RemoveGroupMemberAsync(GroupId group, UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"groups/{group}/members/{user}", cancellationToken);

    /// <summary><c>GET /groups/{id}/invites</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invites.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Invite>> GetGroupInvitesAsync(GroupId group, CancellationToken cancellationToken = default) =>
        GetAsync($"groups/{group}/invites", Info<IReadOnlyList<Invite>>(), cancellationToken);

    /// <summary><c>POST /groups/{id}/invites</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="request">Uses and lifetime.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invite.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<Invite> CreateGroupInviteAsync(GroupId group, CreateInviteRequest? request = null, CancellationToken cancellationToken = default) =>
        PostAsync<CreateInviteRequest, Invite>($"groups/{group}/invites", request ?? new CreateInviteRequest(), cancellationToken);

    /// <summary><c>DELETE /groups/{id}/invites/{invite}</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="inviteId">The invite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when revoked.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task DeleteGroupInviteAsync(GroupId group, Guid inviteId, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"groups/{group}/invites/{inviteId}", cancellationToken);

    /// <summary><c>GET /groups/{id}/channels</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channels.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Channel>> GetGroupChannelsAsync(GroupId group, CancellationToken cancellationToken = default) =>
        GetAsync($"groups/{group}/channels", Info<IReadOnlyList<Channel>>(), cancellationToken);

    /// <summary><c>POST /groups/{id}/channels</c>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="request">Name, type and topic.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>validation_failed</c>.</exception>
    public async Task<Channel> CreateChannelAsync(GroupId group, CreateChannelRequest request, CancellationToken cancellationToken = default)
    {
        var channel = await PostAsync<CreateChannelRequest, Channel>($"groups/{group}/channels", request, cancellationToken).ConfigureAwait(false);
        ChannelCreated?.Invoke(channel);
        return channel;
    }

    /// <summary>
    /// Told of every channel this client creates, so the connected client knows it before its own <c>channel_created</c>
    /// arrives: a send right after creating a channel then needs no round trip to look the channel up.
    /// </summary>
    internal Action<Channel>? ChannelCreated { get; set; }
}
