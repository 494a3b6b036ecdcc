using Chatalot.Client.Conversations.Internal;
using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// The conversation features built on end-to-end content (client.md, "Conversations"): reactions, polls, replies and
/// threads, pins, forwarding, bookmarks and the composer. Aggregates (reaction counts, poll tallies, thread counts) are
/// computed here from every message this client decrypts or sends through it, since only clients can read content;
/// changes are raised as <see cref="ReactionsChanged"/> and <see cref="PollUpdated"/>. Pins are server metadata
/// (<see cref="PinAsync"/>, <see cref="MessagePinned"/>).
/// Messages are referred to by <see cref="MessageRef"/> (<see cref="MessageReceived.ToRef"/>, <see cref="SentMessage.ToRef"/>).
/// </summary>
public sealed class ConversationClient
{
    private readonly IChatalotClient _client;
    private readonly ConversationModel _model;
    private readonly TimeProvider _time;
    private readonly Func<BookmarkSync>? _bookmarks;

    internal ConversationClient(IChatalotClient client, ConversationModel model, TimeProvider time, Func<BookmarkSync>? bookmarks)
    {
        _client = client;
        _model = model;
        _time = time;
        _bookmarks = bookmarks;
    }

    /// <summary>Reacts to a message. A known <c>:shortcode:</c> is sent as its emoji, so both count as one.</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="emoji">An emoji or <c>:shortcode:</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The reaction message.</returns>
    /// <exception cref="ChatalotClientException"><c>reaction_limit</c>: the message already shows <see cref="Protocol.ChatalotLimits.ReactionsPerMessageMax"/> other emoji; <c>invalid_content</c>, or the send failed.</exception>
    public async ValueTask<SentMessage> ReactAsync(ChannelId channel, MessageRef message, string emoji, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(message, emoji);
        if (_model.ReactionsFull(new MessageId(message.MessageId), normalized))
        {
            throw new ChatalotClientException(ClientErrorCodes.ReactionLimit, $"A message shows at most {Protocol.ChatalotLimits.ReactionsPerMessageMax} different reactions.");
        }

        return await SendAsync(channel, MessageContent.CreateReaction(message, normalized), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes this user's reaction from a message.</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="emoji">The emoji or <c>:shortcode:</c> reacted with.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The removal message.</returns>
    /// <exception cref="ChatalotClientException">The content is invalid, or the send failed.</exception>
    public ValueTask<SentMessage> UnreactAsync(ChannelId channel, MessageRef message, string emoji, CancellationToken cancellationToken = default) =>
        SendAsync(channel, MessageContent.CreateReaction(message, Normalize(message, emoji), remove: true), cancellationToken);

    /// <summary>Adds the reaction if this user has not given it (as far as this client knows), removes it otherwise.</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="emoji">An emoji or <c>:shortcode:</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The reaction or removal message.</returns>
    /// <exception cref="ChatalotClientException"><c>reaction_limit</c>, <c>not_connected</c>, or the send failed.</exception>
    public ValueTask<SentMessage> ToggleReactionAsync(ChannelId channel, MessageRef message, string emoji, CancellationToken cancellationToken = default) =>
        _model.HasReaction(new MessageId(message.MessageId), Self(), Normalize(message, emoji))
            ? UnreactAsync(channel, message, emoji, cancellationToken)
            : ReactAsync(channel, message, emoji, cancellationToken);

    /// <summary>The reactions on a message, emoji in the order first given.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The summary; empty when none are known.</returns>
    public IReadOnlyList<ReactionSummary> GetReactions(MessageId message) => _model.Reactions(message);

    /// <summary>Opens a poll.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="poll">Question, 2–10 answers, multi-select and an optional end.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The poll message (vote on it with its <see cref="SentMessage.ToRef"/>).</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c> (an invalid poll), or the send failed.</exception>
    public ValueTask<SentMessage> CreatePollAsync(ChannelId channel, PollDefinition poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        return SendAsync(channel, MessageContent.CreatePoll(poll), cancellationToken);
    }

    /// <summary>Votes on a poll, replacing this user's earlier vote; no option withdraws it.</summary>
    /// <param name="channel">The poll's channel.</param>
    /// <param name="poll">The poll message.</param>
    /// <param name="options">The chosen answer indexes (a single-select poll counts only the first).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The vote message.</returns>
    /// <exception cref="ChatalotClientException"><c>poll_closed</c>: this client knows the poll is closed; <c>invalid_content</c>, or the send failed.</exception>
    public ValueTask<SentMessage> VoteAsync(ChannelId channel, MessageRef poll, IReadOnlyList<int> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(options);
        if (_model.Poll(new MessageId(poll.MessageId), _time.GetUtcNow()) is { IsClosed: true })
        {
            throw new ChatalotClientException(ClientErrorCodes.PollClosed, "The poll is closed.");
        }

        return SendAsync(channel, MessageContent.CreatePollVote(poll, options), cancellationToken);
    }

    /// <summary>Closes this user's poll: later votes are ignored by every client.</summary>
    /// <param name="channel">The poll's channel.</param>
    /// <param name="poll">The poll message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The close message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>: the poll is someone else's; or the send failed.</exception>
    public ValueTask<SentMessage> ClosePollAsync(ChannelId channel, MessageRef poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (poll.AuthorId != Self().Value)
        {
            throw new ChatalotClientException(ClientErrorCodes.InvalidContent, "Only the poll's author closes it.");
        }

        return SendAsync(channel, MessageContent.CreatePollClose(poll), cancellationToken);
    }

    /// <summary>A poll's tally as this client knows it.</summary>
    /// <param name="poll">The poll message.</param>
    /// <returns>The tally; null when this client has not seen the poll.</returns>
    public PollTally? GetPoll(MessageId poll) => _model.Poll(poll, _time.GetUtcNow());

    /// <summary>Replies to a message in the channel; the text goes through <see cref="Composer.Compose"/>.</summary>
    /// <param name="channel">The channel of both messages.</param>
    /// <param name="target">The message replied to.</param>
    /// <param name="text">What the user typed.</param>
    /// <param name="members">Members for <c>@name</c> mentions, if any.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, or the send failed.</exception>
    public ValueTask<SentMessage> ReplyAsync(ChannelId channel, MessageRef target, string text, IEnumerable<ConversationMember>? members = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return SendAsync(channel, Composer.Compose(text, members) with { Kind = ContentKind.Reply, Target = target }, cancellationToken);
    }

    /// <summary>Replies in the thread of <paramref name="root"/> (starting it if needed); the text goes through <see cref="Composer.Compose"/>.</summary>
    /// <param name="channel">The root's channel.</param>
    /// <param name="root">The thread's root message.</param>
    /// <param name="text">What the user typed.</param>
    /// <param name="members">Members for <c>@name</c> mentions, if any.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The thread reply.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c>, or the send failed.</exception>
    public ValueTask<SentMessage> ReplyInThreadAsync(ChannelId channel, MessageRef root, string text, IEnumerable<ConversationMember>? members = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        return SendAsync(channel, Composer.Compose(text, members) with { Kind = ContentKind.ThreadReply, Target = root }, cancellationToken);
    }

    /// <summary>
    /// Replies with content composed by the caller, such as a caption with files (<see cref="MessageContent.Attachments"/>
    /// of completed uploads) or a text from <see cref="Composer.Compose"/>; its kind and target are set here.
    /// </summary>
    /// <param name="channel">The channel of both messages.</param>
    /// <param name="target">The message replied to.</param>
    /// <param name="content">The reply's text, attachments and mentions.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c> (for example, neither text nor attachments), or the send failed.</exception>
    public ValueTask<SentMessage> ReplyAsync(ChannelId channel, MessageRef target, MessageContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(content);
        return SendAsync(channel, content with { Kind = ContentKind.Reply, Target = target }, cancellationToken);
    }

    /// <summary>
    /// Replies in the thread of <paramref name="root"/> with content composed by the caller, such as a caption with files;
    /// its kind and target are set here.
    /// </summary>
    /// <param name="channel">The root's channel.</param>
    /// <param name="root">The thread's root message.</param>
    /// <param name="content">The reply's text, attachments and mentions.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The thread reply.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c> (for example, neither text nor attachments), or the send failed.</exception>
    public ValueTask<SentMessage> ReplyInThreadAsync(ChannelId channel, MessageRef root, MessageContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(content);
        return SendAsync(channel, content with { Kind = ContentKind.ThreadReply, Target = root }, cancellationToken);
    }

    /// <summary>A thread as this client saw it.</summary>
    /// <param name="root">The thread's root.</param>
    /// <returns>The reply count and latest reply; null when no reply was seen.</returns>
    public ThreadActivity? GetThread(MessageId root) => _model.Thread(root);

    /// <summary>Sends what the user typed, through <see cref="Composer.Compose"/> (slash commands, shortcodes, mentions).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="input">What the user typed.</param>
    /// <param name="members">Members for <c>@name</c> mentions, if any.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ChatalotClientException"><c>invalid_content</c> (for example, empty), or the send failed.</exception>
    public ValueTask<SentMessage> SendComposedAsync(ChannelId channel, string input, IEnumerable<ConversationMember>? members = null, CancellationToken cancellationToken = default) =>
        SendAsync(channel, Composer.Compose(input, members), cancellationToken);

    /// <summary>
    /// Pins a message (<c>PUT /channels/{id}/pins/{message_id}</c>). Pins are server metadata, not content: the server
    /// enforces who may pin (moderators and up, either side of a DM) and the limit of 50 per channel, and tells every
    /// member (<see cref="MessagePinned"/>). Pinning a pinned message returns the existing pin.
    /// </summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pin.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>pin_limit_reached</c>, <c>conflict</c> (a deleted message).</exception>
    public Task<Protocol.Channels.ChannelPin> PinAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        _client.Rest.PinMessageAsync(channel, message, cancellationToken);

    /// <summary>Unpins a message (<c>DELETE /channels/{id}/pins/{message_id}</c>); unpinning one that is not pinned succeeds.</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unpinned.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task UnpinAsync(ChannelId channel, MessageId message, CancellationToken cancellationToken = default) =>
        _client.Rest.UnpinMessageAsync(channel, message, cancellationToken);

    /// <summary>The channel's pins, newest first (<c>GET /channels/{id}/pins</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pins.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<IReadOnlyList<Protocol.Channels.ChannelPin>> GetPinsAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        _client.Rest.GetPinsAsync(channel, cancellationToken);

    /// <summary>
    /// Forwards a message this client holds (received or sent recently) to another channel: its text and attachments are
    /// encrypted anew for the destination, marked with <see cref="MessageContent.ForwardedFrom"/>. Mentions are not carried over.
    /// </summary>
    /// <param name="message">The message to forward.</param>
    /// <param name="destination">A text channel or DM channel.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The forwarded copy.</returns>
    /// <exception cref="ChatalotClientException"><c>message_unknown</c>: this client does not hold the message's content; or the send failed.</exception>
    public ValueTask<SentMessage> ForwardAsync(MessageRef message, ChannelId destination, CancellationToken cancellationToken = default) =>
        SendAsync(destination, ForwardOf(message), cancellationToken);

    /// <summary>Forwards a message to a user's DM, opening it if needed.</summary>
    /// <param name="message">The message to forward.</param>
    /// <param name="user">The recipient.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The forwarded copy.</returns>
    /// <exception cref="ChatalotClientException"><c>message_unknown</c>, or the send failed.</exception>
    public async ValueTask<SentMessage> ForwardAsync(MessageRef message, UserId user, CancellationToken cancellationToken = default)
    {
        var content = ForwardOf(message);
        var sent = await _client.SendAsync(user, content, cancellationToken).ConfigureAwait(false);
        Observe(sent, content, isDirect: true);
        return sent;
    }

    /// <summary>Saves a message, encrypted to this user's own devices only (content.md §6.3).</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="note">A note, at most <see cref="Protocol.ChatalotLimits.BookmarkNoteMaxLength"/> characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once stored here and sent to the other devices.</returns>
    /// <exception cref="ChatalotClientException"><c>not_connected</c>, <c>invalid_content</c> (a note too long), or sending failed.</exception>
    public Task BookmarkAsync(ChannelId channel, MessageRef message, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bookmarks().ChangeAsync(channel, message, note, remove: false, cancellationToken);
    }

    /// <summary>Removes a bookmark on every device of this user.</summary>
    /// <param name="channel">The message's channel.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once stored here and sent to the other devices.</returns>
    /// <exception cref="ChatalotClientException"><c>not_connected</c>, or sending failed.</exception>
    public Task RemoveBookmarkAsync(ChannelId channel, MessageRef message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bookmarks().ChangeAsync(channel, message, null, remove: true, cancellationToken);
    }

    /// <summary>This user's bookmarks, newest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bookmarks.</returns>
    /// <exception cref="ChatalotClientException"><c>not_connected</c>.</exception>
    public Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(CancellationToken cancellationToken = default) =>
        Bookmarks().ListAsync(cancellationToken);

    /// <summary>
    /// Takes back messages the application kept from an earlier session (for example a sealed local archive), so the
    /// aggregates cover them again: this client only decrypts each message once, and after a restart its conversation
    /// model is empty. Reactions, votes and closes count, polls open, thread replies count on their root, texts preview
    /// in quotes and can be forwarded. Order does not matter and restoring a message twice, or one this session already
    /// saw, changes nothing; messages that arrive afterwards keep counting on top. Raises no events: read
    /// <see cref="GetReactions"/>, <see cref="GetPoll"/> and <see cref="GetThread"/> afterwards.
    /// </summary>
    /// <param name="messages">Messages as this client delivered them (<see cref="MessageReceived"/> or sent by this user).</param>
    /// <returns>How many were taken in (kinds the model does not aggregate, and unknown kinds, are skipped).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="ChatalotClientException"><c>not_connected</c>: the client has no user yet (call <c>ConnectAsync</c> first).</exception>
    public int Restore(IEnumerable<KeptMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var self = Self();
        var now = _time.GetUtcNow();
        var taken = 0;
        foreach (var message in messages)
        {
            if (message?.Content is not { IsKnownKind: true } content || !IsRestorable(content))
            {
                continue;
            }

            // Not live: an old @here does not mention anyone again.
            _model.Observe(new Observed(message.MessageId, message.ChannelId, message.Sender, message.SentAt, content, message.IsDirect, Live: false), self, now);
            taken++;
        }

        return taken;
    }

    private static bool IsRestorable(MessageContent content) => content.Kind switch
    {
        ContentKind.Text => true,
        ContentKind.PollCreate => content.Poll is not null,
        ContentKind.Reply or ContentKind.ThreadReply => content.Target is not null,
        ContentKind.ReactionAdd or ContentKind.ReactionRemove => content.Target is not null && !string.IsNullOrWhiteSpace(content.Emoji),
        ContentKind.PollVote or ContentKind.PollClose or ContentKind.Delete => content.Target is not null,
        _ => false,
    };

    private async ValueTask<SentMessage> SendAsync(ChannelId channel, MessageContent content, CancellationToken cancellationToken)
    {
        var sent = await _client.SendAsync(channel, content, cancellationToken).ConfigureAwait(false);
        Observe(sent, content, isDirect: false);
        return sent;
    }

    /// <summary>This client's own message counts at once (its echo, if any, changes nothing: observing is idempotent).</summary>
    private void Observe(SentMessage sent, MessageContent content, bool isDirect)
    {
        var observed = new Observed(sent.MessageId, sent.ChannelId, Self(), sent.SentAt, content with { ClientMessageId = sent.ClientMessageId }, isDirect, Live: true);
        foreach (var change in _model.Observe(observed, Self(), _time.GetUtcNow()).Changes)
        {
            _client.Events.Publish(change);
        }
    }

    private MessageContent ForwardOf(MessageRef message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var original = _model.Find(new MessageId(message.MessageId))
            ?? throw new ChatalotClientException(ClientErrorCodes.MessageUnknown, "This client does not hold that message's content.");
        return MessageContent.CreateText(original.Content.Text ?? string.Empty) with
        {
            Text = string.IsNullOrEmpty(original.Content.Text) ? null : original.Content.Text,
            Attachments = original.Content.Attachments,
            Action = original.Content.Action,
            ForwardedFrom = new ForwardedFrom(original.Sender.Value, original.ServerTime, original.IsDirect ? null : original.Channel.Value),
        };
    }

    private string Normalize(MessageRef message, string emoji)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(emoji);
        return Composer.NormalizeReaction(emoji);
    }

    private UserId Self() => _client.CurrentUserId ?? throw new ChatalotClientException(ClientErrorCodes.NotConnected, "Call ConnectAsync first.");

    private BookmarkSync Bookmarks() =>
        _bookmarks?.Invoke() ?? throw new ChatalotClientException(ClientErrorCodes.NotConnected, "Bookmarks need a connected client with a device.");
}
