using Chatalot.Client;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Groups;

namespace Chatalot.Samples.Web.Chat;

/// <summary>What the right-hand panel shows instead of the member list.</summary>
public enum SidePanelKind
{
    Thread,
    Threads,
    Pins,
    Saved,
}

/// <summary>An open side panel: a thread (with its root), a channel's threads or pins, or the saved messages.</summary>
public sealed record SidePanel(SidePanelKind Kind, Guid ChannelId, Guid? RootId = null);

/// <summary>
/// Per-message conversation features: replies, threads, reactions, pins, polls, forwards and bookmarks. Every count and
/// tally is the SDK's (<c>client.Conversations</c>); this only keeps what the UI needs around it, archives the
/// conversation messages sealed like the others, and hands them back to the SDK after a reload.
/// </summary>
public sealed partial class ChatSession
{
    private const int RecentEmojiCount = 8;
    private readonly Dictionary<Guid, ChatMessage> _replyTo = [];
    private readonly Dictionary<Guid, List<ChatMessage>> _threadReplies = [];
    private readonly HashSet<Guid> _threadsLoaded = [];
    private readonly Dictionary<Guid, (int Count, DateTimeOffset? LastAt)> _threadCounts = [];
    private readonly Dictionary<Guid, List<ChannelPin>> _pins = [];
    private List<Bookmark>? _bookmarks;
    private List<string>? _recentEmoji;

    /// <summary>The open side panel, if any (it replaces the member list; on a phone it covers the messages).</summary>
    public SidePanel? Panel { get; private set; }

    public void OpenPanel(SidePanel panel)
    {
        Panel = panel;
        Notify();
    }

    public void ClosePanel()
    {
        Panel = null;
        Notify();
    }

    // ---- Replies ----

    /// <summary>The message the composer of <paramref name="channelId"/> is replying to.</summary>
    public ChatMessage? ReplyTargetOf(Guid channelId) => _replyTo.GetValueOrDefault(channelId);

    public void StartReply(ChatMessage message)
    {
        _replyTo[message.ChannelId] = message;
        Notify();
    }

    public void CancelReply(Guid channelId)
    {
        if (_replyTo.Remove(channelId))
        {
            Notify();
        }
    }

    /// <summary>Sends a reply through the SDK (the composer's shortcodes and commands apply); the quote shows at once.</summary>
    public async Task ReplyAsync(ChannelEntry channel, ChatMessage target, string text)
    {
        var conversations = RequireClient().Conversations;
        var sent = await conversations.ReplyAsync(new ChannelId(channel.Id), RefOf(target), text);
        _replyTo.Remove(channel.Id);
        Add(new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = channel.Id,
            SenderId = Me!.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            Text = Composer.Compose(text).Text,
            IsOwn = true,
            ClientMessageId = sent.ClientMessageId,
            IsDirect = channel.IsDirect,
            ReplyToId = target.Id,
            ReplyToAuthor = target.SenderId,
            ReplyPreview = PreviewOf(target),
        });
    }

    // ---- Threads ----

    public IReadOnlyList<ChatMessage> ThreadRepliesOf(Guid rootId) => _threadReplies.TryGetValue(rootId, out var list) ? list : [];

    /// <summary>A thread's reply count and latest reply time: the server's (<c>thread_updated</c>) when heard, else the SDK's.</summary>
    public (int Count, DateTimeOffset? LastAt)? ThreadOf(Guid rootId)
    {
        if (_threadCounts.TryGetValue(rootId, out var server))
        {
            return server.Count > 0 ? server : null;
        }

        return Client?.Conversations.GetThread(new MessageId(rootId)) is { } activity ? (activity.ReplyCount, activity.LastReplyAt) : null;
    }

    public void OpenThread(ChatMessage root) => OpenPanel(new SidePanel(SidePanelKind.Thread, root.ChannelId, root.Id));

    /// <summary>Loads a thread's replies this browser archived (E2E: the server's copy was readable once, when it arrived).</summary>
    public async Task EnsureThreadLoadedAsync(Guid rootId)
    {
        if (_archive is not { } archive || !_threadsLoaded.Add(rootId))
        {
            return;
        }

        var list = ThreadListOf(rootId);
        var page = await archive.LoadPageAsync(rootId, null, MaxMessagesPerChannel);
        var known = list.Select(m => m.Id).ToHashSet();
        list.AddRange(page.Where(m => !known.Contains(m.Id)));
        list.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
        Notify();
    }

    /// <summary>
    /// How many of a thread's replies the server holds that this browser has not read (<c>?thread=</c> paging, ids only:
    /// each message is readable once, by the devices that existed when it was sent, so the text is not fetched again).
    /// </summary>
    public async Task<int> UnreadableThreadRepliesAsync(ChatMessage root)
    {
        var known = ThreadRepliesOf(root.Id).Select(m => m.Id).ToHashSet();
        var missing = 0;
        MessageId? before = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await RequireClient().Rest.GetThreadMessagesAsync(new ChannelId(root.ChannelId), new MessageId(root.Id), before, limit: 100);
            missing += page.Messages.Count(m => m.DeletedAt is null && !known.Contains(m.Id));
            if (!page.HasOlder || page.Messages.Count == 0)
            {
                break;
            }

            before = new MessageId(page.Messages[0].Id);
        }

        return missing;
    }

    public async Task ReplyInThreadAsync(ChatMessage root, string text)
    {
        var sent = await RequireClient().Conversations.ReplyInThreadAsync(new ChannelId(root.ChannelId), RefOf(root), text);
        var reply = new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = root.ChannelId,
            SenderId = Me!.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            Text = Composer.Compose(text).Text,
            IsOwn = true,
            ClientMessageId = sent.ClientMessageId,
            IsDirect = root.IsDirect,
            ThreadRootId = root.Id,
        };
        AddThreadReply(reply);
        Keep(KeptContent.From(reply.Id, reply.ChannelId, reply.SenderId, reply.SentAt, reply.IsDirect, MessageContent.CreateThreadReply(RefOf(root), reply.Text ?? "")));
    }

    /// <summary>The channel's threads, newest activity first (<c>GET /channels/{id}/threads</c>): root ids.</summary>
    public async Task<IReadOnlyList<Guid>> ThreadsOfAsync(Guid channelId) =>
        [.. (await RequireClient().Rest.GetThreadsAsync(new ChannelId(channelId))).Threads.Select(t => t.Root.Id)];

    // ---- Reactions ----

    public IReadOnlyList<ReactionSummary> ReactionsOf(Guid messageId) => Client?.Conversations.GetReactions(new MessageId(messageId)) ?? [];

    /// <summary>Adds or removes this user's reaction; remembers the emoji among the recent ones.</summary>
    public async Task ToggleReactionAsync(ChatMessage message, string emoji)
    {
        var client = RequireClient();
        var remove = ReactionsOf(message.Id).Any(r => r.Emoji == emoji && r.Users.Contains(new UserId(Me!.Id)));
        var sent = await client.Conversations.ToggleReactionAsync(new ChannelId(message.ChannelId), RefOf(message), emoji);
        Keep(KeptContent.From(sent.MessageId.Value, message.ChannelId, Me!.Id, sent.SentAt, message.IsDirect, MessageContent.CreateReaction(RefOf(message), emoji, remove)));
        if (!remove)
        {
            await RememberEmojiAsync(emoji);
        }

        Notify();
    }

    /// <summary>This account's recently used emoji, newest first (local storage).</summary>
    public async Task<IReadOnlyList<string>> RecentEmojiAsync()
    {
        if (_recentEmoji is null)
        {
            var stored = Me is { } me ? await browser.StorageGetAsync(RecentEmojiKey(me.Id)) : null;
            _recentEmoji = string.IsNullOrEmpty(stored) ? [] : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }

        return _recentEmoji;
    }

    private async Task RememberEmojiAsync(string emoji)
    {
        var recent = (await RecentEmojiAsync()).ToList();
        recent.Remove(emoji);
        recent.Insert(0, emoji);
        _recentEmoji = [.. recent.Take(RecentEmojiCount)];
        if (Me is { } me)
        {
            await browser.StorageSetAsync(RecentEmojiKey(me.Id), string.Join('\n', _recentEmoji));
        }
    }

    private static string RecentEmojiKey(Guid userId) => "chatalot.recent-emoji." + userId.ToString("N");

    // ---- Polls ----

    public PollTally? PollOf(Guid messageId) => Client?.Conversations.GetPoll(new MessageId(messageId));

    public async Task CreatePollAsync(ChannelEntry channel, PollDefinition poll)
    {
        var sent = await RequireClient().Conversations.CreatePollAsync(new ChannelId(channel.Id), poll);
        Keep(KeptContent.From(sent.MessageId.Value, channel.Id, Me!.Id, sent.SentAt, channel.IsDirect, MessageContent.CreatePoll(poll)));
        Add(new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = channel.Id,
            SenderId = Me.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            IsOwn = true,
            ClientMessageId = sent.ClientMessageId,
            IsDirect = channel.IsDirect,
            IsPoll = true,
        });
    }

    public async Task VoteAsync(ChatMessage poll, IReadOnlyList<int> options)
    {
        var sent = await RequireClient().Conversations.VoteAsync(new ChannelId(poll.ChannelId), RefOf(poll), options);
        Keep(KeptContent.From(sent.MessageId.Value, poll.ChannelId, Me!.Id, sent.SentAt, poll.IsDirect, MessageContent.CreatePollVote(RefOf(poll), options)));
        Notify();
    }

    public async Task ClosePollAsync(ChatMessage poll)
    {
        var sent = await RequireClient().Conversations.ClosePollAsync(new ChannelId(poll.ChannelId), RefOf(poll));
        Keep(KeptContent.From(sent.MessageId.Value, poll.ChannelId, Me!.Id, sent.SentAt, poll.IsDirect, MessageContent.CreatePollClose(RefOf(poll))));
        Notify();
    }

    // ---- Pins ----

    /// <summary>Whether this user may pin here: either side of a DM, group admins and community moderators and up (permissions.md).</summary>
    public bool CanPin(Guid channelId)
    {
        if (FindChannel(channelId) is not { } entry)
        {
            return false;
        }

        if (entry.IsDirect)
        {
            return true;
        }

        var community = CommunityOf(channelId);
        var group = community?.Groups.FirstOrDefault(g => g.Channels.Any(c => c.Id == channelId));
        return community?.Community.MyRole is CommunityRole.Moderator or CommunityRole.Admin or CommunityRole.Owner
            || group?.Group.MyRole is GroupRole.Admin or GroupRole.Owner;
    }

    /// <summary>The channel's pins, newest first (loaded once, then kept live by <c>message_pinned</c> / <c>message_unpinned</c>).</summary>
    public IReadOnlyList<ChannelPin> PinsOf(Guid channelId)
    {
        if (!_pins.TryGetValue(channelId, out var pins))
        {
            _pins[channelId] = pins = [];
            _ = LoadPinsAsync(channelId);
        }

        return pins;
    }

    public bool IsPinned(ChatMessage message) => PinsOf(message.ChannelId).Any(p => p.MessageId == message.Id);

    public async Task LoadPinsAsync(Guid channelId)
    {
        try
        {
            _pins[channelId] = [.. await RequireClient().Conversations.GetPinsAsync(new ChannelId(channelId))];
            Notify();
        }
        catch (ChatalotClientException)
        {
            // Shown as "no pins"; opening the pinned panel tries again.
            _pins[channelId] = [];
        }
    }

    /// <summary>Pins or unpins; throws the server's error (<c>forbidden</c>, <c>pin_limit_reached</c>) for the UI to show.</summary>
    public async Task TogglePinAsync(ChatMessage message)
    {
        var conversations = RequireClient().Conversations;
        if (IsPinned(message))
        {
            await conversations.UnpinAsync(new ChannelId(message.ChannelId), new MessageId(message.Id));
            _pins[message.ChannelId].RemoveAll(p => p.MessageId == message.Id);
        }
        else
        {
            var pin = await conversations.PinAsync(new ChannelId(message.ChannelId), new MessageId(message.Id));
            var pins = _pins[message.ChannelId];
            pins.RemoveAll(p => p.MessageId == message.Id);
            pins.Insert(0, pin);
        }

        Notify();
    }

    // ---- Forward ----

    /// <summary>Forwards a message (encrypted anew for the destination, marked as forwarded); it shows in the destination at once.</summary>
    public async Task ForwardAsync(ChatMessage message, ChannelEntry destination)
    {
        var conversations = RequireClient().Conversations;
        var sent = destination.DmPartner is { } partner
            ? await conversations.ForwardAsync(RefOf(message), new UserId(partner))
            : await conversations.ForwardAsync(RefOf(message), new ChannelId(destination.Id));
        Add(new ChatMessage
        {
            Id = sent.MessageId.Value,
            ChannelId = sent.ChannelId.Value,
            SenderId = Me!.Id,
            SenderName = Me.DisplayName,
            SentAt = sent.SentAt,
            Text = message.Text,
            IsOwn = true,
            ClientMessageId = sent.ClientMessageId,
            IsDirect = destination.IsDirect,
            ForwardedFromSender = message.SenderId,
        }, countUnread: false);
    }

    // ---- Bookmarks ----

    /// <summary>This user's saved messages, newest first (loaded once; the SDK syncs them E2E to the user's devices).</summary>
    public IReadOnlyList<Bookmark> Bookmarks
    {
        get
        {
            if (_bookmarks is null)
            {
                _bookmarks = [];
                _ = LoadBookmarksAsync();
            }

            return _bookmarks;
        }
    }

    public bool IsBookmarked(ChatMessage message) => Bookmarks.Any(b => b.Message.MessageId == message.Id);

    public async Task LoadBookmarksAsync()
    {
        try
        {
            _bookmarks = [.. await RequireClient().Conversations.GetBookmarksAsync()];
            Notify();
        }
        catch (ChatalotClientException)
        {
            // Shown as none; opening the saved panel tries again.
            _bookmarks = [];
        }
    }

    public async Task ToggleBookmarkAsync(ChatMessage message)
    {
        var conversations = RequireClient().Conversations;
        if (IsBookmarked(message))
        {
            await conversations.RemoveBookmarkAsync(new ChannelId(message.ChannelId), RefOf(message));
        }
        else
        {
            await conversations.BookmarkAsync(new ChannelId(message.ChannelId), RefOf(message));
        }

        await LoadBookmarksAsync();
    }

    /// <summary>A message of this browser by id: in a channel's memory or a loaded thread.</summary>
    public ChatMessage? FindMessage(Guid channelId, Guid messageId) =>
        MessagesOf(channelId).FirstOrDefault(m => m.Id == messageId)
        ?? _threadReplies.Values.SelectMany(l => l).FirstOrDefault(m => m.Id == messageId);

    public static MessageRef RefOf(ChatMessage message) => new(message.Id, message.SenderId, message.ClientMessageId);

    // ---- Receiving, archiving and restoring ----

    private void SubscribeConversations(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<ReactionsChanged>((_, _) => NotifyAsync()));
        _subscriptions.Add(client.Events.On<PollUpdated>((_, _) => NotifyAsync()));
        _subscriptions.Add(client.Events.On<ThreadUpdated>((updated, _) =>
        {
            _threadCounts[updated.RootId.Value] = (updated.ReplyCount, updated.LastReplyAt);
            return NotifyAsync();
        }));
        _subscriptions.Add(client.Events.On<MessagePinned>((pinned, _) =>
        {
            if (_pins.TryGetValue(pinned.ChannelId.Value, out var pins) && pins.All(p => p.MessageId != pinned.MessageId.Value))
            {
                pins.Insert(0, new ChannelPin(pinned.ChannelId.Value, pinned.MessageId.Value, pinned.PinnedBy.Value, pinned.PinnedAt));
            }

            return NotifyAsync();
        }));
        _subscriptions.Add(client.Events.On<MessageUnpinned>((unpinned, _) =>
        {
            if (_pins.TryGetValue(unpinned.ChannelId.Value, out var pins))
            {
                pins.RemoveAll(p => p.MessageId == unpinned.MessageId.Value);
            }

            return NotifyAsync();
        }));
    }

    private ValueTask NotifyAsync()
    {
        Notify();
        return ValueTask.CompletedTask;
    }

    /// <summary>A received conversation message (reaction, vote, poll, close, thread reply): kept for the SDK's model after a reload.</summary>
    private void KeepConversation(MessageReceived message)
    {
        if (message.Content.IsKnownKind && KeptContent.IsKept(message.Content.Kind))
        {
            Keep(KeptContent.From(message.MessageId.Value, message.ChannelId.Value, message.Sender.UserId.Value, message.SentAt, message.IsDirect, message.Content));
            if (message.Content.Kind != ContentKind.PollCreate && ListOf(message.ChannelId.Value).RemoveAll(m => m.Id == message.MessageId.Value && m.Lock == MessageLock.Undecryptable) > 0)
            {
                // It waited for its key as a placeholder in the channel; decrypted, it is a reaction, vote or thread reply.
                Notify();
            }
        }
    }

    /// <summary>The conversation fields of a received message: its reference, quote, poll and forward.</summary>
    private static ChatMessage WithConversation(ChatMessage shown, MessageReceived message) => shown with
    {
        ClientMessageId = message.Content.ClientMessageId == Guid.Empty ? null : message.Content.ClientMessageId,
        IsDirect = message.IsDirect,
        ReplyToId = message.Content.Kind == ContentKind.Reply ? message.Content.Target?.MessageId : null,
        ReplyToAuthor = message.Content.Kind == ContentKind.Reply ? message.Content.Target?.AuthorId : null,
        ReplyPreview = message.Content.Kind == ContentKind.Reply ? message.ReplyTo?.Preview : null,
        ThreadRootId = message.Content.Kind == ContentKind.ThreadReply ? message.Content.Target?.MessageId : null,
        IsPoll = message.Content.Kind == ContentKind.PollCreate,
        ForwardedFromSender = message.Content.ForwardedFrom?.SenderId,
    };

    private void AddThreadReply(ChatMessage reply)
    {
        var list = ThreadListOf(reply.ThreadRootId!.Value);
        if (list.Any(m => m.Id == reply.Id))
        {
            return;
        }

        list.Insert(list.FindLastIndex(m => m.SentAt <= reply.SentAt) + 1, reply);
        _ = _archive?.SaveAsync(reply);
        Notify();
    }

    /// <summary>An edit of a thread reply: replaced in its thread (never added to the channel). False when not a known thread reply.</summary>
    private bool EditThreadReply(MessageEdited edited)
    {
        foreach (var list in _threadReplies.Values)
        {
            var index = list.FindIndex(m => m.Id == edited.MessageId.Value);
            if (index >= 0)
            {
                list[index] = list[index] with { Text = edited.Text, EditedAt = edited.EditedAt, Lock = LockOf(edited.Trust) };
                _ = _archive?.SaveAsync(list[index]);
                Notify();
                return true;
            }
        }

        return false;
    }

    private void RemoveThreadReply(Guid messageId)
    {
        foreach (var list in _threadReplies.Values)
        {
            list.RemoveAll(m => m.Id == messageId);
        }
    }

    private List<ChatMessage> ThreadListOf(Guid rootId)
    {
        if (!_threadReplies.TryGetValue(rootId, out var list))
        {
            _threadReplies[rootId] = list = [];
        }

        return list;
    }

    private void Keep(KeptContent kept) => _ = _archive?.SaveKeptAsync(kept);

    /// <summary>At unlock: hands the archived conversation messages back to the SDK, so counts and tallies resume where they were.</summary>
    private async Task RestoreConversationsAsync()
    {
        if (_archive is not { } archive || Client is not { } client)
        {
            return;
        }

        try
        {
            var kept = await archive.LoadKeptAsync();
            client.Conversations.Restore(kept.Select(k => k.ToKept()));
        }
        catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or ChatalotClientException)
        {
            // Counts then start from what arrives in this session; the chat itself is unaffected.
            loggers.CreateLogger<ChatSession>().LogWarning("Could not restore the archived conversation messages: {Error}", ex.GetType().Name);
        }

        Notify();
    }

    /// <summary>An archived page: its texts and quotes are known to the SDK again (previews, forwarding).</summary>
    private void RestoreToModel(IEnumerable<ChatMessage> page)
    {
        if (Client is not { } client)
        {
            return;
        }

        client.Conversations.Restore(page.Where(m => m.Text is not null && !m.IsPoll).Select(m => new KeptMessage(
            new MessageId(m.Id),
            new ChannelId(m.ChannelId),
            new UserId(m.SenderId),
            m.SentAt,
            MessageContent.CreateText(m.Text!) with { ClientMessageId = m.ClientMessageId ?? Guid.Empty },
            m.IsDirect)));
    }

    private static string? PreviewOf(ChatMessage message)
    {
        if (message.Text is not { } text)
        {
            return null;
        }

        var line = text.Trim().Split('\n')[0];
        return line.Length > 120 ? line[..119] + "…" : line;
    }

    private void ClearConversations()
    {
        _replyTo.Clear();
        _threadReplies.Clear();
        _threadsLoaded.Clear();
        _threadCounts.Clear();
        _pins.Clear();
        _bookmarks = null;
        _recentEmoji = null;
        Panel = null;
    }
}
