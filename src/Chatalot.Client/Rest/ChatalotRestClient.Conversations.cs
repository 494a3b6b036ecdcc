using System.Globalization;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;

namespace Chatalot.Client.Rest;

// Threads, pins, read states and the user picker (docs/protocol/rest.md §Threads, §Pins, §Read states).
public sealed partial class ChatalotRestClient
{
    /// <summary>
    /// <c>GET /channels/{id}/messages?thread=</c>: one page of a thread's replies (encrypted), oldest first; the root
    /// itself is not included. Pages like <see cref="GetMessagesAsync"/>.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="root">The thread's root message.</param>
    /// <param name="before">Only replies older than this one.</param>
    /// <param name="after">Only replies newer than this one.</param>
    /// <param name="limit">Page size (at most 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>; <c>validation_failed</c> when the root is not in the channel.</exception>
    public Task<MessageList> GetThreadMessagesAsync(ChannelId channel, MessageId root, MessageId? before = null, MessageId? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/messages{Query(("thread", root.ToString()), ("before", before?.ToString()), ("after", after?.ToString()), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", Info<MessageList>(), cancellationToken);

    /// <summary><c>GET /channels/{id}/threads</c>: the channel's threads, newest activity first.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="before">Page on: the last thread's <see cref="Protocol.Messages.ThreadSummary.LastReplyId"/> of the previous page.</param>
    /// <param name="limit">Page size (at most 50).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<ThreadList> GetThreadsAsync(ChannelId channel, MessageId? before = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/threads{Query(("before", before?.ToString()), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", Info<ThreadList>(), cancellationToken);

    /// <summary><c>GET /channels/{id}/pins</c>: the channel's pinned messages, newest pin first.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pins (fetch and decrypt the messages themselves with <see cref="GetMessageAsync"/>).</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<IReadOnlyList<ChannelPin>> GetPinsAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/pins", Info<IReadOnlyList<ChannelPin>>(), cancellationToken);

    /// <summary><c>PUT /channels/{id}/pins/{message}</c>: pins a message (idempotent).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message to pin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pin (the existing one when it was already pinned).</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c> (not a moderator), <c>pin_limit_reached</c> (50 pins), <c>conflict</c> (deleted message), <c>not_found</c>.</exception>
    public Task<ChannelPin> PinMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        SendCoreAsync(HttpMethod.Put, $"channels/{channel}/pins/{message}", null, Info<ChannelPin>(), authenticate: true, cancellationToken)!;

    /// <summary><c>DELETE /channels/{id}/pins/{message}</c>: unpins a message (succeeds when it was not pinned).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message to unpin.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unpinned.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task UnpinMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"channels/{channel}/pins/{message}", cancellationToken);

    /// <summary><c>PUT /channels/{id}/read-state</c>: moves the user's read cursor forward (never back), for all their devices.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="lastRead">The newest message read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored state (unchanged when <paramref name="lastRead"/> is older than the cursor).</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>; <c>validation_failed</c> when the message is not in the channel.</exception>
    public Task<ReadState> UpdateReadStateAsync(ChannelId channel, MessageId lastRead, CancellationToken cancellationToken = default) =>
        PutAsync<UpdateReadStateRequest, ReadState>($"channels/{channel}/read-state", new UpdateReadStateRequest(lastRead.Value), cancellationToken);

    /// <summary><c>GET /users/me/read-states</c>: every readable channel's cursor and newest message, for unread markers.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One state per readable channel.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<ReadState>> GetReadStatesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/read-states", Info<IReadOnlyList<ReadState>>(), cancellationToken);

    /// <summary><c>POST /users/me/read-states/mark-all</c>: marks every readable channel (of one community, when given) as read.</summary>
    /// <param name="community">Only this community's channels; <see langword="null"/> for every channel, DMs included.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The states of the channels concerned.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> when not a member of <paramref name="community"/>.</exception>
    public Task<IReadOnlyList<ReadState>> MarkAllReadAsync(CommunityId? community = null, CancellationToken cancellationToken = default) =>
        PostAsync<MarkAllReadRequest, IReadOnlyList<ReadState>>("users/me/read-states/mark-all", new MarkAllReadRequest(community?.Value), cancellationToken);

    /// <summary>
    /// <c>GET /users/search</c>: users whose user name or display name starts with <paramref name="query"/>
    /// (case-insensitive), among those the user may see; for a DM picker.
    /// </summary>
    /// <param name="query">1-64 characters.</param>
    /// <param name="limit">At most 25 results.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users, by user name.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c>.</exception>
    public Task<IReadOnlyList<User>> SearchUsersAsync(string query, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"users/search{Query(("q", query), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", Info<IReadOnlyList<User>>(), cancellationToken);
}
