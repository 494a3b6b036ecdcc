using System.Globalization;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /channels</c>: every channel the user can read (group channels and DMs).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channels.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<Channel>> GetChannelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("channels", Info<IReadOnlyList<Channel>>(), cancellationToken);

    /// <summary><c>GET /channels/{id}</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task<Channel> GetChannelAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}", Info<Channel>(), cancellationToken);

    /// <summary><c>PATCH /channels/{id}</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated channel.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>validation_failed</c>.</exception>
    public async Task<Channel> UpdateChannelAsync(ChannelId channel, UpdateChannelRequest request, CancellationToken cancellationToken = default)
    {
        var updated = await PatchAsync<UpdateChannelRequest, Channel>($"channels/{channel}", request, cancellationToken).ConfigureAwait(false);
        ChannelUpdated?.Invoke(updated);
        return updated;
    }

    /// <summary>
    /// Told of every channel this client updates, so the connected client uses the new settings (e.g. <c>history_days</c>)
    /// before its own <c>channel_updated</c> arrives.
    /// </summary>
    internal Action<Channel>? ChannelUpdated { get; set; }

    /// <summary><c>DELETE /channels/{id}</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task DeleteChannelAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"channels/{channel}", cancellationToken);

    /// <summary><c>GET /dms</c>: the user's direct-message channels.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The DM channels.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<Channel>> GetDirectChannelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("dms", Info<IReadOnlyList<Channel>>(), cancellationToken);

    /// <summary><c>POST /dms</c>: opens (or returns the existing) direct-message channel with a user.</summary>
    /// <param name="user">The other participant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The DM channel.</returns>
    /// <exception cref="ChatalotApiException"><c>blocked</c>, <c>not_found</c>.</exception>
    public Task<Channel> OpenDirectChannelAsync(UserId user, CancellationToken cancellationToken = default) =>
        PostAsync<CreateDmRequest, Channel>("dms", new CreateDmRequest(user.Value), cancellationToken);

    /// <summary>
    /// <c>GET /channels/{id}/messages</c>: one page of stored (encrypted) messages, oldest first. Page backwards with
    /// <paramref name="before"/> = the first id, forwards with <paramref name="after"/> = the last id.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="before">Only messages older than this one.</param>
    /// <param name="after">Only messages newer than this one.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="around">Only messages around this one (it included), for jumping to a message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<MessageList> GetMessagesAsync(ChannelId channel, MessageId? before = null, MessageId? after = null, int? limit = null, MessageId? around = null, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/messages{Query(("before", before?.ToString()), ("after", after?.ToString()), ("around", around?.ToString()), ("limit", limit?.ToString(CultureInfo.InvariantCulture)))}", Info<MessageList>(), cancellationToken);

    /// <summary><c>GET /channels/{id}/messages/{message}</c>: one stored (encrypted) message.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<Message> GetMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/messages/{message}", Info<Message>(), cancellationToken);

    /// <summary><c>GET /channels/{id}/messages/{message}/history</c>: the earlier (encrypted) versions of an edited message.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The edits, oldest first.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<IReadOnlyList<MessageEdit>> GetMessageHistoryAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        GetAsync($"channels/{channel}/messages/{message}/history", Info<IReadOnlyList<MessageEdit>>(), cancellationToken);

    /// <summary>
    /// <c>POST /channels/{id}/messages</c>: posts an already-encrypted envelope. Retrying with the same idempotency key
    /// returns the stored message instead of posting twice.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="request">The envelope, sending device and idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>channel_read_only</c>, <c>slow_mode</c>, <c>payload_too_large</c>…</exception>
    public Task<Message> PostMessageAsync(ChannelId channel, SendMessageRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<SendMessageRequest, Message>($"channels/{channel}/messages", request, cancellationToken);

    /// <summary><c>PATCH /channels/{id}/messages/{message}</c>: replaces the envelope of one of the user's messages.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="request">The new envelope.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated message.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<Message> EditMessageAsync(ChannelId channel, MessageId message, EditMessageRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<EditMessageRequest, Message>($"channels/{channel}/messages/{message}", request, cancellationToken);

    /// <summary><c>DELETE /channels/{id}/messages/{message}</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task DeleteMessageAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"channels/{channel}/messages/{message}", cancellationToken);
}
