namespace Chatalot.Client.Commands;

/// <summary>Everything about one command invocation: the message, the client, the DI scope, and the outcome.</summary>
/// <param name="client">The client that received the message; replies go through it, end-to-end encrypted.</param>
/// <param name="message">The decrypted message that invoked the command.</param>
/// <param name="services">The DI scope created for this command; scoped services live as long as it.</param>
/// <param name="cancellationToken">Cancelled when the bot shuts down.</param>
public sealed class CommandContext(IChatalotClient client, MessageReceived message, IServiceProvider services, CancellationToken cancellationToken)
{
    /// <summary>The client that received the message.</summary>
    public IChatalotClient Client { get; } = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The decrypted message that invoked the command.</summary>
    public MessageReceived Message { get; } = message ?? throw new ArgumentNullException(nameof(message));

    /// <summary>The DI scope of this invocation.</summary>
    public IServiceProvider Services { get; } = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>Cancelled when the bot shuts down.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The invoked name as typed, without prefix (set by the router).</summary>
    public string? CommandName { get; internal set; }

    /// <summary>The text after the command name (set by the router).</summary>
    public string RawArguments { get; internal set; } = string.Empty;

    /// <summary>The matched command, or <see langword="null"/> when the name is unknown.</summary>
    public CommandDescriptor? Command { get; internal set; }

    /// <summary>The outcome; set by the pipeline's last step or by a middleware that stops the command.</summary>
    public CommandResult? Result { get; set; }

    /// <summary>A place for middlewares to pass data to commands.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>
    /// The bot's owners for <see cref="RequireOwnerAttribute"/> (a hosted bot sets it from <c>ChatalotBotOptions.OwnerIds</c>).
    /// </summary>
    public IReadOnlyCollection<UserId> OwnerIds { get; init; } = [];

    /// <summary>The prefix the message was invoked with (set by the router).</summary>
    public string Prefix { get; internal set; } = string.Empty;

    /// <summary>The sender's user name (what <c>@name</c> mentions), from <see cref="IChatalotClient.Directory"/>; null only when it could not be read.</summary>
    public string? SenderUsername => Message.Sender.Username;

    /// <summary>The sender's display name, from <see cref="IChatalotClient.Directory"/>; null only when it could not be read.</summary>
    public string? SenderDisplayName => Message.Sender.DisplayName;

    /// <summary>The name of the channel the command came from; null in a direct message.</summary>
    public string? ChannelName => Message.ChannelName;

    /// <summary>The community the command came from; null in a direct message.</summary>
    public CommunityId? CommunityId => Message.CommunityId;

    /// <summary>The name of the community the command came from; null in a direct message.</summary>
    public string? CommunityName => Message.CommunityName;

    /// <summary>Users, channels and communities by id and by name (<see cref="IChatalotClient.Directory"/>), e.g. to resolve a user-name argument.</summary>
    public EntityDirectory Directory => Client.Directory;

    /// <summary>
    /// Replies in the channel the command came from, mentioning a user by name: the text starts with <c>@username</c> and
    /// the user is in the content's mentions, so their client notifies them.
    /// </summary>
    /// <param name="text">The reply, after the mention.</param>
    /// <param name="user">Whom to mention; the sender when null.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ChatalotClientException">The reply could not be sent.</exception>
    public ValueTask<SentMessage> ReplyWithMentionAsync(string text, DirectoryUser? user = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (id, name) = user is null ? (Message.Sender.UserId, SenderUsername) : (user.Id, user.Username);
        var body = name is null ? text : "@" + name + " " + text;
        return Client.SendAsync(Message.ChannelId, Protocol.Content.MessageContent.CreateText(body, [id.Value]), CancellationToken);
    }

    /// <summary>Replies in the channel the command came from (end-to-end encrypted like any message).</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The reply could not be sent.</exception>
    public ValueTask<SentMessage> ReplyAsync(string text) => Client.SendAsync(Message.ChannelId, text, CancellationToken);

    /// <summary>Replies to the author in a direct message.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The reply could not be sent.</exception>
    public ValueTask<SentMessage> ReplyDirectAsync(string text) => Client.SendAsync(Message.Sender.UserId, text, CancellationToken);

    /// <summary>
    /// Replies in the channel the command came from with a file, encrypted end to end (uploaded, then sent with an
    /// optional caption; see <see cref="IChatalotClient.SendFileAsync(ChannelId, Stream, string, string, string?, IProgress{Attachments.TransferProgress}?, CancellationToken)"/>).
    /// </summary>
    /// <param name="content">The file, read from its position to its end (seekable).</param>
    /// <param name="name">The file name.</param>
    /// <param name="mediaType">The media type, e.g. <c>image/png</c>.</param>
    /// <param name="caption">Text sent with the file, or none.</param>
    /// <returns>The server's acknowledgement.</returns>
    /// <exception cref="ChatalotClientException">The file is invalid or too large, or the upload or reply failed.</exception>
    public ValueTask<SentMessage> ReplyWithFileAsync(Stream content, string name, string mediaType, string? caption = null) =>
        Client.SendFileAsync(Message.ChannelId, content, name, mediaType, caption, progress: null, CancellationToken);
}
