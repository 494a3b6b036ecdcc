using Chatalot.Client;
using Chatalot.Crypto;
using Chatalot.Protocol.Content;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Decrypted messages of this session, sending, identity warnings and safety numbers.</summary>
public sealed partial class ChatSession
{
    private const int MaxMessagesPerChannel = 2000;
    private const int ArchivePage = 50;
    private readonly Dictionary<Guid, List<ChatMessage>> _messages = [];
    private readonly HashSet<Guid> _loadedChannels = [];
    private readonly HashSet<Guid> _archiveExhausted = [];
    private readonly Dictionary<Guid, int> _unread = [];
    private DateTimeOffset _lastTyping;

    /// <summary>The channel on screen (its messages are not counted as unread).</summary>
    public Guid? ActiveChannel { get; set; }

    /// <summary>Contacts whose identity key changed and who were not accepted again yet.</summary>
    public List<IdentityChanged> IdentityWarnings { get; } = [];

    /// <summary>Raised when a message arrives for a channel (for scrolling), after <see cref="Changed"/>.</summary>
    public event Action<Guid>? MessageArrived;

    /// <summary>Raised when the user asks to edit their last message in a channel (Up in an empty composer).</summary>
    public event Action<Guid>? EditLastRequested;

    public void RequestEditLast(Guid channelId) => EditLastRequested?.Invoke(channelId);

    /// <summary>
    /// Raised when something asks to show one message (a reply's quote, a search result, a pin, a bookmark): the shell
    /// opens its channel and the message list scrolls to it, loading older history when it is not in memory.
    /// </summary>
    public event Action<Guid, Guid>? JumpRequested;

    /// <summary>Asks the UI to show message <paramref name="messageId"/> of channel <paramref name="channelId"/>.</summary>
    public void RequestJump(Guid channelId, Guid messageId)
    {
        PendingJump = (channelId, messageId);
        JumpRequested?.Invoke(channelId, messageId);
    }

    public IReadOnlyList<ChatMessage> MessagesOf(Guid channelId) =>
        _messages.TryGetValue(channelId, out var list) ? list : [];

    /// <summary>Whether older messages of a channel may still be in this browser's archive.</summary>
    public bool HasEarlier(Guid channelId) => !_archiveExhausted.Contains(channelId);

    /// <summary>Shows the newest archived page of a channel the first time it is opened after a reload.</summary>
    public async Task EnsureLoadedAsync(Guid channelId)
    {
        if (_loadedChannels.Add(channelId))
        {
            await LoadEarlierAsync(channelId);
        }
    }

    /// <summary>Infinite scroll upwards: loads the page of archived messages before the oldest one shown; returns how many.</summary>
    public async Task<int> LoadEarlierAsync(Guid channelId)
    {
        if (_archive is not { } archive || _archiveExhausted.Contains(channelId))
        {
            return 0;
        }

        var list = ListOf(channelId);
        var page = await archive.LoadPageAsync(channelId, list.Count > 0 ? list[0] : null, ArchivePage);
        if (page.Count < ArchivePage)
        {
            _archiveExhausted.Add(channelId);
        }

        var known = list.Select(m => m.Id).ToHashSet();
        list.InsertRange(0, page.Where(m => !known.Contains(m.Id)));
        RestoreToModel(page);
        Notify();
        return page.Count;
    }

    /// <summary>Replaces the text of one of this user's messages (encrypted like a send; others see it as edited).</summary>
    public async Task EditAsync(ChatMessage message, string text)
    {
        await RequireClient().EditAsync(new ChannelId(message.ChannelId), new MessageId(message.Id), text);
        Replace(message with { Text = text, EditedAt = time.GetUtcNow() });
    }

    /// <summary>Deletes one of this user's messages for everyone.</summary>
    public async Task DeleteAsync(ChatMessage message)
    {
        await RequireClient().DeleteAsync(new ChannelId(message.ChannelId), new MessageId(message.Id));
        Remove(message.ChannelId, message.Id);
    }

    public async Task SendAsync(ChannelEntry channel, string text)
    {
        // The SDK's composer: /shrug, /tableflip, /me, :shortcodes: and @mentions, the same in every client.
        var content = Composer.Compose(text, MentionCandidates(channel.Id));
        await SendContentAsync(channel, content);
    }

    /// <summary>A message this device just sent, as the list shows and the archive keeps it.</summary>
    private ChatMessage OwnMessage(ChannelEntry channel, SentMessage sent, MessageContent content) => new()
    {
        Id = sent.MessageId.Value,
        ChannelId = channel.Id,
        SenderId = Me!.Id,
        SenderName = Me.DisplayName,
        SentAt = sent.SentAt,
        Text = content.Text,
        IsOwn = true,
        Mentions = content.Mentions,
        MentionsEveryone = content.MentionsEveryone == true || content.MentionsHere == true,
        IsAction = content.Action == true,
        SenderDevice = RequireClient().CurrentDeviceId?.Value,
        ClientMessageId = sent.ClientMessageId,
        IsDirect = channel.IsDirect,
        Attachments = content.Attachments,
        LinkPreviews = content.LinkPreviews,
    };

    /// <summary>Accepts a contact's new account key (after the user compared the new safety number).</summary>
    public async Task AcceptIdentityAsync(IdentityChanged warning)
    {
        await RequireClient().AcceptIdentityAsync(warning.UserId);
        IdentityWarnings.RemoveAll(w => w.UserId == warning.UserId);
        Notify();
    }

    /// <summary>The account safety number between this account and <paramref name="userId"/>'s (crypto.md §15.3).</summary>
    public Task<SafetyNumber> SafetyNumberAsync(Guid userId) => RequireClient().GetSafetyNumberAsync(new UserId(userId));

    /// <summary>Records that the user compared the safety number: every signed device of theirs then shows as verified.</summary>
    public async Task MarkVerifiedAsync(Guid userId)
    {
        await RequireClient().MarkVerifiedAsync(new UserId(userId));
        IdentityWarnings.RemoveAll(w => w.UserId.Value == userId);
        Notify();
    }

    /// <summary>Tells the channel this user is typing (the server relays at most one per 3 s).</summary>
    public async Task SendTypingAsync(Guid channelId)
    {
        if (Client is { } client && (time.GetUtcNow() - _lastTyping) > TimeSpan.FromSeconds(3))
        {
            _lastTyping = time.GetUtcNow();
            await client.SendTypingAsync(new ChannelId(channelId));
        }
    }

    private ValueTask OnMessageAsync(MessageReceived message, CancellationToken cancellationToken)
    {
        StopTyping(message.ChannelId.Value, message.Sender.UserId.Value);
        if (message.Sender.Username is { } username && !_names.ContainsKey(message.Sender.UserId.Value))
        {
            _names[message.Sender.UserId.Value] = username;
        }

        KeepConversation(message);
        if (!IsShownAsMessage(message.Content))
        {
            // Reactions, votes and poll closes: the SDK's conversation model counts them (ChatSession.Conversations.cs).
            return ValueTask.CompletedTask;
        }

        var shown = WithConversation(new ChatMessage
        {
            Id = message.MessageId.Value,
            ChannelId = message.ChannelId.Value,
            SenderId = message.Sender.UserId.Value,
            SenderName = NameOf(message.Sender.UserId.Value),
            SentAt = message.SentAt,
            Text = message.Content.IsKnownKind ? message.Text : null,
            IsUnsupported = !message.Content.IsKnownKind,
            IsOwn = message.Sender.UserId.Value == Me?.Id,
            MentionsMe = message.MentionsMe,
            Mentions = message.Content.Mentions,
            MentionsEveryone = message.Content.MentionsEveryone == true || message.Content.MentionsHere == true,
            IsAction = message.Content.Action == true,
            SenderDevice = message.Sender.DeviceId.Value,
            Attachments = message.Content.Attachments,
            LinkPreviews = message.Content.LinkPreviews,
            // A changed identity is announced by an IdentityChanged event (the banner); its messages are held until
            // the new key is accepted, so whatever arrives here is from a trusted or verified key.
            Lock = LockOf(message.Trust),
            Opening = message.Sender.UserId.Value == Me?.Id ? null : message.Opening?.ToBase64(),
        }, message);
        if (shown.ThreadRootId is not null)
        {
            // Thread replies live in the thread panel, not in the channel.
            AddThreadReply(shown);
            return ValueTask.CompletedTask;
        }

        Add(shown);
        if (message.IsDirect && FindChannel(message.ChannelId.Value) is null)
        {
            // A first DM from someone: its channel is new to the sidebar.
            return new ValueTask(RefreshDirectoryAsync());
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnUndecryptableAsync(MessageUndecryptable message, CancellationToken cancellationToken)
    {
        Add(new ChatMessage
        {
            Id = message.MessageId.Value,
            ChannelId = message.ChannelId.Value,
            SenderId = message.ClaimedSenderUserId.Value,
            SenderName = NameOf(message.ClaimedSenderUserId.Value),
            SentAt = message.ReceivedAt,
            UndecryptableReason = message.Reason.ToString(),
            Lock = MessageLock.Undecryptable,
        });
        return ValueTask.CompletedTask;
    }

    private ValueTask OnIdentityChangedAsync(IdentityChanged changed, CancellationToken cancellationToken)
    {
        IdentityWarnings.RemoveAll(w => w.UserId == changed.UserId);
        IdentityWarnings.Add(changed);
        Notify();
        return ValueTask.CompletedTask;
    }

    private ValueTask OnEditedAsync(MessageEdited edited, CancellationToken cancellationToken)
    {
        if (EditThreadReply(edited))
        {
            return ValueTask.CompletedTask;
        }

        var list = ListOf(edited.ChannelId.Value);
        var index = list.FindIndex(m => m.Id == edited.MessageId.Value);
        var updated = index >= 0
            ? list[index] with { Text = edited.Text, UndecryptableReason = null, EditedAt = edited.EditedAt, Lock = LockOf(edited.Trust), Opening = OpeningOf(edited) }
            : new ChatMessage
            {
                Id = edited.MessageId.Value,
                ChannelId = edited.ChannelId.Value,
                SenderId = edited.Sender.UserId.Value,
                SenderName = NameOf(edited.Sender.UserId.Value),
                SentAt = edited.SentAt,
                Text = edited.Text,
                EditedAt = edited.EditedAt,
                Lock = LockOf(edited.Trust),
                Opening = OpeningOf(edited),
            };
        if (index >= 0)
        {
            Replace(updated);
        }
        else if (!_loadedChannels.Contains(edited.ChannelId.Value) || (list.Count > 0 && updated.SentAt < list[0].SentAt && HasEarlier(edited.ChannelId.Value)))
        {
            // Not loaded yet, or older than what is loaded: update the archive only. Putting it in memory would make it
            // the oldest shown message, and the next page would then skip everything between it and the rest.
            _ = _archive?.SaveAsync(updated);
        }
        else
        {
            Add(updated, countUnread: false);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnDeletedAsync(MessageDeleted deleted, CancellationToken cancellationToken)
    {
        RemoveThreadReply(deleted.MessageId.Value);
        Remove(deleted.ChannelId.Value, deleted.MessageId.Value);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnMemberJoinedAsync(MemberJoined joined, CancellationToken cancellationToken) => new(RefreshDirectoryAsync());

    private ValueTask OnMemberRemovedAsync(MemberRemoved removed, CancellationToken cancellationToken)
    {
        NoteRemoval(removed);
        return new(RefreshDirectoryAsync());
    }

    /// <summary>The kinds the message list shows: text and replies, and kinds from a later version (as unsupported).</summary>
    private static bool IsShownAsMessage(MessageContent content) =>
        !content.IsKnownKind || content.Kind is ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.PollCreate;

    private static MessageLock LockOf(TrustState trust) => trust == TrustState.Verified ? MessageLock.Verified : MessageLock.Encrypted;

    private List<ChatMessage> ListOf(Guid channelId)
    {
        if (!_messages.TryGetValue(channelId, out var list))
        {
            _messages[channelId] = list = [];
        }

        return list;
    }

    private void Replace(ChatMessage message)
    {
        var list = ListOf(message.ChannelId);
        var index = list.FindIndex(m => m.Id == message.Id);
        if (index >= 0)
        {
            list[index] = message;
        }

        _ = _archive?.SaveAsync(message);
        Notify();
    }

    private void Remove(Guid channelId, Guid messageId)
    {
        ListOf(channelId).RemoveAll(m => m.Id == messageId);
        _ = _archive?.DeleteAsync(messageId);
        Notify();
    }

    private void Add(ChatMessage message, bool countUnread = true)
    {
        var list = ListOf(message.ChannelId);
        var existing = list.FindIndex(m => m.Id == message.Id);
        if (existing >= 0)
        {
            // A placeholder resolves in place once the message's key arrives; anything else is a duplicate.
            if (list[existing].Lock == MessageLock.Undecryptable && message.Lock != MessageLock.Undecryptable)
            {
                list[existing] = message with { SentAt = list[existing].SentAt };
                _ = _archive?.SaveAsync(list[existing]);
                Notify();
            }

            return;
        }

        // Undecryptable notices are not archived: a later reload should not keep showing a failure as history.
        if (message.Lock != MessageLock.Undecryptable)
        {
            _ = _archive?.SaveAsync(message);
        }

        // Keep time order even when catch-up and live delivery interleave.
        var index = list.FindLastIndex(m => m.SentAt <= message.SentAt) + 1;
        list.Insert(index, message);
        if (list.Count > MaxMessagesPerChannel)
        {
            // The oldest leaves memory but stays in the archive, where scrolling up finds it again.
            list.RemoveAt(0);
            _archiveExhausted.Remove(message.ChannelId);
        }

        if (countUnread && (message.ChannelId != ActiveChannel || !IsPageVisible) && !message.IsOwn && !IsRead(message.ChannelId, message.Id))
        {
            _unread[message.ChannelId] = _unread.GetValueOrDefault(message.ChannelId) + 1;
        }

        Notify();
        MessageArrived?.Invoke(message.ChannelId);
    }
}
