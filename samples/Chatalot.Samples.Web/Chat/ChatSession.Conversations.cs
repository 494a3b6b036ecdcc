using Chatalot.Client;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Groups;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Per-message conversation features: replies, reactions, polls, pins, forwards and bookmarks (threads and the
/// conversation log have their own files). Every count and tally is the SDK's (<c>client.Conversations</c>); this only
/// keeps what the UI needs around it.
/// </summary>
public sealed partial class ChatSession
{
    private const int RecentEmojiCount = 8;
    private readonly Dictionary<Guid, ChatMessage> _replyTo = [];
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
        // Mentions in a reply work as in any message (the SDK's composer, with the channel's people).
        var members = MentionCandidates(channel.Id);
        var content = Composer.Compose(text, members);
        var sent = await conversations.ReplyAsync(new ChannelId(channel.Id), RefOf(target), text, members);
        _replyTo.Remove(channel.Id);
        Add(OwnMessage(channel, sent, content) with
        {
            ReplyToId = target.Id,
            ReplyToAuthor = target.SenderId,
            ReplyPreview = PreviewOf(target),
        });
    }

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
            || group?.Group.MyRole is GroupRole.Admin or GroupRole.Owner
            || HasPermissionIn(channelId, Chatalot.Protocol.Roles.CommunityPermissions.PinMessages);
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

    private static string? PreviewOf(ChatMessage message)
    {
        if (message.Text is not { } text)
        {
            return null;
        }

        var line = text.Trim().Split('\n')[0];
        return line.Length > 120 ? line[..119] + "…" : line;
    }
}
