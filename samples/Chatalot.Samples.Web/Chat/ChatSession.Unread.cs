using Chatalot.Client;
using Chatalot.Protocol.Channels;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Unread state: per-channel counts of what arrived while the channel was not on screen, mentions of this user counted
/// apart, and read cursors shared with the user's other devices through the server's read states (rest.md §Read
/// states). The server sees only which message id was read last, never content: mentions are counted here, from what
/// this browser decrypted (<see cref="MessageReceived.MentionsMe"/>).
/// </summary>
public sealed partial class ChatSession
{
    // The server's cursor per channel (the newest message read on any device).
    private readonly Dictionary<Guid, Guid> _readCursor = [];

    // The channel's newest message id as last known (read states, then arrivals): where "mark as read" moves the cursor
    // when the message is not in memory.
    private readonly Dictionary<Guid, Guid> _newestMessage = [];

    // Channels the server reported unread at load (newest message after the cursor) whose count this browser does not know.
    private readonly HashSet<Guid> _serverUnread = [];

    // Unread messages that mention this user, per channel, with when they were sent.
    private readonly Dictionary<Guid, List<(Guid Id, DateTimeOffset SentAt)>> _mentions = [];

    // The "New messages" divider of the channel being read: fixed when it was opened, so it does not move while reading.
    private Guid? _dividerChannel;
    private Guid? _dividerMessage;
    private Guid? _dividerCursor;
    private bool _dividerFromStart;

    /// <summary>Whether the tab is visible: messages arriving in the open channel of a hidden tab count as unread.</summary>
    public bool IsPageVisible { get; private set; } = true;

    /// <summary>How many messages arrived in a channel since it was last read (0 when unknown, see <see cref="HasUnread"/>).</summary>
    public int UnreadOf(Guid channelId) => _unread.GetValueOrDefault(channelId);

    /// <summary>Whether a channel has anything unread: a count, or the server's word that its newest message is unread.</summary>
    public bool HasUnread(Guid channelId) => UnreadOf(channelId) > 0 || _serverUnread.Contains(channelId);

    /// <summary>How many unread messages of a channel mention this user (by name, <c>@everyone</c> or <c>@here</c>).</summary>
    public int MentionsOf(Guid channelId) => _mentions.TryGetValue(channelId, out var list) ? list.Count : 0;

    /// <summary>Whether any channel of a community has unread messages (muted channels aside): the rail's dot.</summary>
    public bool CommunityHasUnread(CommunityTree community) =>
        community.Groups.SelectMany(g => g.Channels).Any(c => HasUnread(c.Id) && !IsMuted(c.Id));

    /// <summary>Unread mentions in a community: the rail's red badge.</summary>
    public int CommunityMentions(CommunityTree community) => community.Groups.SelectMany(g => g.Channels).Sum(c => MentionsOf(c.Id));

    /// <summary>Whether any DM has unread messages: the dot on the rail's DM button.</summary>
    public bool DirectHasUnread => DirectChannels.Any(c => HasUnread(c.Id) && !IsMuted(c.Id));

    /// <summary>The number in the tab title: unread messages of channels that are not muted, plus every unread mention.</summary>
    public int TotalUnread => AllChannels.Sum(c => IsMuted(c.Id) ? MentionsOf(c.Id) : Math.Max(UnreadOf(c.Id), MentionsOf(c.Id)));

    /// <summary>
    /// The first unread message of <paramref name="channelId"/> as it was when the channel was opened, for the
    /// "New messages" divider; null when there is none (or another channel is open).
    /// </summary>
    public Guid? FirstUnreadOf(Guid channelId)
    {
        if (channelId != _dividerChannel)
        {
            return null;
        }

        if (_dividerMessage is { } fixedId)
        {
            return fixedId;
        }

        if (_dividerCursor is null && !_dividerFromStart)
        {
            return null;
        }

        // After the cursor as it was when the channel was opened (the messages may come from the archive only after
        // that), or from the first message of someone else when nothing was ever read here.
        return MessagesOf(channelId).FirstOrDefault(m => !m.IsOwn && (_dividerCursor is not { } cursor || IsAfter(m.Id, cursor)))?.Id;
    }

    /// <summary>
    /// The user is looking at a channel: it becomes the active channel, its counts clear, and the read cursor moves to its
    /// newest message for all of the user's devices. In a hidden tab only the active channel changes.
    /// </summary>
    public void MarkRead(Guid channelId)
    {
        if (ActiveChannel != channelId)
        {
            ActiveChannel = channelId;
            FixDivider(channelId);
        }

        if (!IsPageVisible)
        {
            return;
        }

        var changed = _unread.Remove(channelId) | _serverUnread.Remove(channelId) | _mentions.Remove(channelId);
        PushCursor(channelId);
        if (changed)
        {
            Notify();
        }
    }

    /// <summary>"Mark as read" on a channel that is not open: clears it here and moves the cursor on every device.</summary>
    public void MarkChannelRead(Guid channelId)
    {
        _unread.Remove(channelId);
        _serverUnread.Remove(channelId);
        _mentions.Remove(channelId);
        PushCursor(channelId);
        Notify();
    }

    /// <summary>"Mark all as read": every channel of one community, or everything (DMs included) when null.</summary>
    public async Task MarkAllReadAsync(Guid? communityId)
    {
        var states = await RequireClient().Rest.MarkAllReadAsync(communityId is { } id ? new CommunityId(id) : null);
        foreach (var state in states)
        {
            ApplyReadState(state);
        }

        Notify();
    }

    /// <summary>Called by the page when the tab is shown or hidden; showing it reads the open channel.</summary>
    public void SetPageVisible(bool visible)
    {
        IsPageVisible = visible;
        if (visible && ActiveChannel is { } active)
        {
            MarkRead(active);
        }
    }

    /// <summary>Forgets the unread, mention, mute and slow-mode state of the account signing out.</summary>
    private void ClearAttention()
    {
        _unread.Clear();
        _readCursor.Clear();
        _newestMessage.Clear();
        _serverUnread.Clear();
        _mentions.Clear();
        _muted.Clear();
        _slowModeUntil.Clear();
        _dividerChannel = null;
        _dividerMessage = null;
        _dividerCursor = null;
        ActiveChannel = null;
    }

    private void SubscribeUnreadEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<ReadStateUpdated>(OnReadStateUpdatedAsync));
        _subscriptions.Add(client.Events.On<MessageReceived>(OnMessageForUnreadAsync));
    }

    private async Task LoadReadStatesAsync()
    {
        IReadOnlyList<ReadState> states;
        try
        {
            states = await RequireClient().Rest.GetReadStatesAsync();
        }
        catch (ChatalotClientException)
        {
            // Unread markers are a convenience: the sidebar must come up without them.
            return;
        }

        foreach (var state in states)
        {
            ApplyReadState(state);
        }
    }

    /// <summary>Takes the server's cursor: a channel read up to its newest message has nothing unread on this device either.</summary>
    private void ApplyReadState(ReadState state)
    {
        if (state.LastReadMessageId is { } read)
        {
            MoveCursor(state.ChannelId, read);
            Recount(state.ChannelId);
        }

        if (state.LastMessageId is { } newest)
        {
            _newestMessage[state.ChannelId] = newest;
        }

        if (state.LastMessageId is null || state.LastMessageId == state.LastReadMessageId)
        {
            _serverUnread.Remove(state.ChannelId);
            _unread.Remove(state.ChannelId);
            _mentions.Remove(state.ChannelId);
        }
        else if (!(state.ChannelId == ActiveChannel && IsPageVisible) && UnreadOf(state.ChannelId) == 0)
        {
            _serverUnread.Add(state.ChannelId);
        }
    }

    private ValueTask OnReadStateUpdatedAsync(ReadStateUpdated read, CancellationToken cancellationToken)
    {
        var channelId = read.ChannelId.Value;
        MoveCursor(channelId, read.LastReadMessageId.Value);
        if (!_newestMessage.TryGetValue(channelId, out var newest) || !IsAfter(newest, read.LastReadMessageId.Value))
        {
            _serverUnread.Remove(channelId);
        }

        Recount(channelId);
        Notify();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Whether a message is at or before the channel's read cursor, so already read on some device. Server message ids
    /// are UUIDv7, monotonic on the server (rest.md), so their canonical text orders them by time: a cursor that
    /// arrives before the message it points at (another device read faster than this one decrypted) still applies.
    /// </summary>
    private bool IsRead(Guid channelId, Guid messageId) =>
        CursorOf(channelId) is { } cursor && !IsAfter(messageId, cursor);

    private Guid? CursorOf(Guid channelId) => _readCursor.TryGetValue(channelId, out var cursor) ? cursor : null;

    private static bool IsAfter(Guid messageId, Guid other) =>
        string.CompareOrdinal(messageId.ToString("N"), other.ToString("N")) > 0;

    /// <summary>Moves this browser's copy of the cursor forward only (events and its own updates may cross).</summary>
    private void MoveCursor(Guid channelId, Guid messageId)
    {
        if (CursorOf(channelId) is not { } current || IsAfter(messageId, current))
        {
            _readCursor[channelId] = messageId;
        }
    }

    /// <summary>After the cursor moved: what this browser counted up to it is read; what came after stays unread.</summary>
    private void Recount(Guid channelId)
    {
        if (CursorOf(channelId) is not { } cursor)
        {
            return;
        }

        var after = MessagesOf(channelId).Count(m => !m.IsOwn && IsAfter(m.Id, cursor));
        if (after == 0)
        {
            _unread.Remove(channelId);
        }
        else if (UnreadOf(channelId) > after)
        {
            _unread[channelId] = after;
        }

        if (_mentions.TryGetValue(channelId, out var mentions))
        {
            mentions.RemoveAll(m => !IsAfter(m.Id, cursor));
            if (mentions.Count == 0)
            {
                _mentions.Remove(channelId);
            }
        }
    }

    private ValueTask OnMessageForUnreadAsync(MessageReceived message, CancellationToken cancellationToken)
    {
        var channelId = message.ChannelId.Value;
        _newestMessage[channelId] = message.MessageId.Value;
        var seen = (channelId == ActiveChannel && IsPageVisible) || IsRead(channelId, message.MessageId.Value);
        if (message.MentionsMe && !seen && message.Sender.UserId.Value != Me?.Id)
        {
            if (!_mentions.TryGetValue(channelId, out var list))
            {
                _mentions[channelId] = list = [];
            }

            if (!list.Any(m => m.Id == message.MessageId.Value))
            {
                list.Add((message.MessageId.Value, message.SentAt));
                Notify();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Fixes where the "New messages" divider goes in a channel being opened, before its counts clear.</summary>
    private void FixDivider(Guid channelId)
    {
        _dividerChannel = channelId;
        _dividerMessage = null;
        _dividerCursor = null;
        _dividerFromStart = false;
        if (!HasUnread(channelId))
        {
            return;
        }

        var fromOthers = MessagesOf(channelId).Where(m => !m.IsOwn).ToList();
        if (CursorOf(channelId) is { } cursor)
        {
            _dividerCursor = cursor;
        }
        else if (UnreadOf(channelId) is > 0 and var unread && fromOthers.Count > 0)
        {
            _dividerMessage = fromOthers[Math.Max(0, fromOthers.Count - unread)].Id;
        }
        else
        {
            _dividerFromStart = true;
        }
    }

    /// <summary>Moves the server's read cursor to the newest message known in the channel (in the background).</summary>
    private void PushCursor(Guid channelId)
    {
        // The newest by id (UUIDv7), not by list position: a placeholder is listed by when it arrived, not when it was sent.
        Guid? newest = _newestMessage.TryGetValue(channelId, out var known) ? known : null;
        foreach (var message in MessagesOf(channelId))
        {
            if (newest is not { } current || IsAfter(message.Id, current))
            {
                newest = message.Id;
            }
        }

        if (newest is not { } messageId || IsRead(channelId, messageId) || Client is not { } client)
        {
            return;
        }

        MoveCursor(channelId, messageId);
        _ = PutCursorAsync(client, channelId, messageId);
    }

    private static async Task PutCursorAsync(ChatalotClient client, Guid channelId, Guid messageId)
    {
        try
        {
            await client.Rest.UpdateReadStateAsync(new ChannelId(channelId), new MessageId(messageId));
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // The next read of the channel moves it again; a missed cursor only leaves an unread dot on other devices.
        }
    }
}
