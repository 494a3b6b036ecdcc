using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Moderation;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>PUT /communities/{id}/bans/{user_id}</c> with every option: bans a user (needs <c>ban_members</c>, target below you),
    /// and with <see cref="BanRequest.DeleteMessageHours"/> soft-deletes their messages in the community from the last 0-168 hours.
    /// </summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The user.</param>
    /// <param name="request">Reason and message deletion.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when banned.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task BanMemberAsync(CommunityId community, UserId user, BanRequest request, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"communities/{community}/bans/{user}", request, cancellationToken);

    /// <summary><c>PUT /communities/{id}/members/{user_id}/timeout</c>: times a member out (needs <c>timeout_members</c>, target below you; at most 28 days).</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="until">When it ends.</param>
    /// <param name="reason">Why (audit log), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when applied.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task TimeoutMemberAsync(CommunityId community, UserId user, DateTimeOffset until, string? reason = null, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Put, $"communities/{community}/members/{user}/timeout", new TimeoutRequest(until, reason), cancellationToken);

    /// <summary><c>DELETE /communities/{id}/members/{user_id}/timeout</c>: lifts a time-out.</summary>
    /// <param name="community">The community.</param>
    /// <param name="user">The member.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when lifted (idempotent).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task RemoveTimeoutAsync(CommunityId community, UserId user, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{community}/members/{user}/timeout", cancellationToken);

    /// <summary><c>POST /channels/{id}/messages/bulk-delete</c>: deletes 1-100 messages of a channel at once (needs <c>manage_messages</c>); each is announced as <c>message_deleted</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageIds">The messages.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were deleted by this call.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<BulkDeleteResult> BulkDeleteMessagesAsync(ChannelId channel, IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default) =>
        PostAsync<BulkDeleteRequest, BulkDeleteResult>($"channels/{channel}/messages/bulk-delete", new BulkDeleteRequest(messageIds), cancellationToken);
}
