namespace Chatalot.Client;

/// <summary>
/// What bots and applications use of a Chatalot client: connection, events and end-to-end encrypted sending.
/// Implemented by <c>ChatalotClient</c>; the bot toolkit depends only on this interface, so bots can be tested against
/// an in-memory implementation.
/// </summary>
public interface IChatalotClient
{
    /// <summary>The current connection state.</summary>
    ConnectionState State { get; }

    /// <summary>The signed-in user, once connected.</summary>
    UserId? CurrentUserId { get; }

    /// <summary>This device, once connected.</summary>
    DeviceId? CurrentDeviceId { get; }

    /// <summary>Handler registration and event streams.</summary>
    EventHub Events { get; }

    /// <summary>Reactions, polls, replies and threads, pins, forwarding, bookmarks and their aggregated state (client.md, "Conversations").</summary>
    ConversationClient Conversations { get; }

    /// <summary>Voice channels and DM calls: who is in them, joining, flags, moderation and E2E call signalling (client.md, "Calls").</summary>
    Voice.VoiceClient Voice { get; }

    /// <summary>Typed access to every REST route (communities, groups, channels, members, history…), signed in as this client.</summary>
    Rest.ChatalotRestClient Rest { get; }

    /// <summary>
    /// Users, channels, groups and communities by id and by name (<c>FindUserAsync("alice")</c>), from a cache kept current
    /// by gateway events: the source of the names events carry (client.md, "Names and the directory").
    /// </summary>
    EntityDirectory Directory { get; }

    /// <summary>
    /// Full-text search over the messages this client decrypted since it started (in memory, never written to disk):
    /// <c>await client.Search.SearchAsync("from:alice has:link deploy")</c>. Fed automatically unless
    /// <see cref="Search.SearchIndexOptions.Enabled"/> is false.
    /// </summary>
    Search.MessageSearchIndex Search { get; }

    /// <summary>Sender-side link previews, fetched through the server and sent encrypted (client.md, "Link previews").</summary>
    Previews.LinkPreviewClient LinkPreviews { get; }

    /// <summary>GIF search and media through the server's proxy (client.md, "GIFs").</summary>
    Previews.GifClient Gifs { get; }

    /// <summary>
    /// End-to-end encrypted files: upload a stream (encrypted, chunked, resumable) for a message's attachments, and open
    /// or download a received one, verified as it is read (client.md, "Files").
    /// </summary>
    Attachments.AttachmentClient Attachments { get; }

    /// <summary>
    /// Signs in if needed, connects the gateway and keeps it connected until <see cref="DisconnectAsync"/>. The first
    /// connection is tried once and fails fast with a typed error (a wrong URL, a refused sign-in or device); once a
    /// session was established, a dropped connection reconnects by itself per <see cref="ReconnectPolicy"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>A task that completes once the client is connected.</returns>
    /// <exception cref="ChatalotApiException">Signing in failed (for example <c>invalid_credentials</c>).</exception>
    /// <exception cref="ChatalotConnectionException">The gateway is unreachable (<c>gateway_unreachable</c>) or refused the session (the server's code); calling again retries.</exception>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the gateway connection; events already received are still delivered.</summary>
    /// <param name="cancellationToken">Stops waiting for a graceful close.</param>
    /// <returns>A task that completes once disconnected.</returns>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Encrypts <paramref name="text"/> for every member device of <paramref name="channel"/> and posts it.</summary>
    /// <param name="channel">A group text channel or a direct-message channel.</param>
    /// <param name="text">The plaintext; it never leaves this process unencrypted.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The message could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(ChannelId channel, string text, CancellationToken cancellationToken = default);

    /// <summary>Sends a direct message to <paramref name="user"/>, opening the DM channel if needed.</summary>
    /// <param name="user">The recipient.</param>
    /// <param name="text">The plaintext; it never leaves this process unencrypted.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The message could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(UserId user, string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends any content (content.md): a reply, thread reply, reaction, poll, vote, pin… built with the
    /// <see cref="Protocol.Content.MessageContent"/> factory methods. The client binds it to the conversation, this
    /// device, a fresh client message id and the time before encrypting it.
    /// </summary>
    /// <param name="channel">A group text channel or a direct-message channel.</param>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The content breaks a rule of its kind (<c>invalid_content</c>), or could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(ChannelId channel, Protocol.Content.MessageContent content, CancellationToken cancellationToken = default);

    /// <summary>Sends any content to <paramref name="user"/> in a direct message, opening the DM channel if needed.</summary>
    /// <param name="user">The recipient.</param>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The content is invalid, or could not be encrypted or posted.</exception>
    ValueTask<SentMessage> SendAsync(UserId user, Protocol.Content.MessageContent content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the text of a message this user sent with an <c>edit</c> content bound to it, encrypted like a send; the
    /// other members receive <see cref="MessageEdited"/>. The server keeps the old ciphertext in the edit history.
    /// </summary>
    /// <param name="channel">The channel the message is in.</param>
    /// <param name="messageId">The message to edit.</param>
    /// <param name="text">The new Markdown text.</param>
    /// <param name="cancellationToken">Cancels the edit.</param>
    /// <returns>A task that completes once the server stored the edit.</returns>
    /// <exception cref="ChatalotApiException">The server refused (for example, the message is someone else's).</exception>
    Task EditAsync(ChannelId channel, MessageId messageId, string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a message: the server erases its ciphertext (authors, and moderators for others' messages), and for this
    /// user's own messages an authenticated <c>delete</c> content follows, so devices that were offline learn of it too.
    /// The other members receive <see cref="MessageDeleted"/>.
    /// </summary>
    /// <param name="channel">The channel the message is in.</param>
    /// <param name="messageId">The message to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the server erased the message.</returns>
    /// <exception cref="ChatalotApiException">The server refused (for example, no permission to delete it).</exception>
    Task DeleteAsync(ChannelId channel, MessageId messageId, CancellationToken cancellationToken = default);

    /// <summary>Shows "typing…" to the channel's other members for a few seconds (relayed, at most once per 3 s).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the frame is sent.</returns>
    /// <exception cref="ChatalotConnectionException">The gateway is not connected.</exception>
    Task SendTypingAsync(ChannelId channel, CancellationToken cancellationToken = default);

    /// <summary>Sets this user's presence as community mates see it (invisible shows as offline).</summary>
    /// <param name="status">The presence.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the frame is sent.</returns>
    /// <exception cref="ChatalotConnectionException">The gateway is not connected.</exception>
    Task SetPresenceAsync(Protocol.Gateway.PresenceStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads a file, encrypted end to end, and sends it as a message with an optional caption: the upload counts
    /// against the community's quota for a community channel. If the send fails, the upload is deleted.
    /// </summary>
    /// <param name="channel">A group text channel or a direct-message channel.</param>
    /// <param name="content">The file, read from its position to its end (seekable, or use the overload taking <see cref="Attachments.AttachmentUpload"/> with a length).</param>
    /// <param name="name">The file name (1–255 characters); travels only inside the encrypted message.</param>
    /// <param name="mediaType">The media type, lower-case <c>type/subtype</c>, e.g. <c>image/png</c>.</param>
    /// <param name="caption">Markdown text sent with the file, or none.</param>
    /// <param name="progress">Hears the bytes the server acknowledged, at least once per chunk.</param>
    /// <param name="cancellationToken">Cancels the upload and send.</param>
    /// <returns>The server's acknowledgement of the message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, <c>attachment_too_large</c>, <c>transfer_failed</c>, or the upload or send was refused.</exception>
    ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, string name, string mediaType, string? caption = null, IProgress<Attachments.TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads a file and sends it to <paramref name="user"/> in a direct message, opening the DM channel if needed.</summary>
    /// <param name="user">The recipient.</param>
    /// <param name="content">The file.</param>
    /// <param name="name">The file name (1–255 characters).</param>
    /// <param name="mediaType">The media type, e.g. <c>image/png</c>.</param>
    /// <param name="caption">Markdown text sent with the file, or none.</param>
    /// <param name="progress">Hears the bytes the server acknowledged.</param>
    /// <param name="cancellationToken">Cancels the upload and send.</param>
    /// <returns>The server's acknowledgement of the message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, <c>attachment_too_large</c>, <c>transfer_failed</c>, or the upload or send was refused.</exception>
    ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, string name, string mediaType, string? caption = null, IProgress<Attachments.TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads a file described by <paramref name="upload"/> (thumbnail, dimensions, duration, GIF flag, length, progress) and sends it.</summary>
    /// <param name="channel">A group text channel or a direct-message channel.</param>
    /// <param name="content">The file.</param>
    /// <param name="upload">Name, media type and details; its <see cref="Attachments.AttachmentUpload.ChannelId"/> is set from <paramref name="channel"/>.</param>
    /// <param name="caption">Markdown text sent with the file, or none.</param>
    /// <param name="cancellationToken">Cancels the upload and send.</param>
    /// <returns>The server's acknowledgement of the message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, <c>attachment_too_large</c>, <c>transfer_failed</c>, or the upload or send was refused.</exception>
    ValueTask<SentMessage> SendFileAsync(ChannelId channel, Stream content, Attachments.AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads a file described by <paramref name="upload"/> and sends it to <paramref name="user"/> in a direct message.</summary>
    /// <param name="user">The recipient.</param>
    /// <param name="content">The file.</param>
    /// <param name="upload">Name, media type and details.</param>
    /// <param name="caption">Markdown text sent with the file, or none.</param>
    /// <param name="cancellationToken">Cancels the upload and send.</param>
    /// <returns>The server's acknowledgement of the message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, <c>attachment_too_large</c>, <c>transfer_failed</c>, or the upload or send was refused.</exception>
    ValueTask<SentMessage> SendFileAsync(UserId user, Stream content, Attachments.AttachmentUpload upload, string? caption = null, CancellationToken cancellationToken = default);
}
