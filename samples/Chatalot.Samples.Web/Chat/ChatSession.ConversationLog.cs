using Chatalot.Client;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// The conversation log: the SDK's conversation events re-render the UI, every received reaction, vote, poll, close and
/// thread reply is archived sealed, and at unlock the archive is handed back to the SDK (<c>Conversations.Restore</c>)
/// so counts and tallies carry on where they were.
/// </summary>
public sealed partial class ChatSession
{
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
            m.IsDirect || FindChannel(m.ChannelId)?.IsDirect == true)));
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
