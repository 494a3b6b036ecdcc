using Chatalot.Protocol.Content;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>
/// The aggregated view of conversations, computed on the client because only clients read content: reactions, poll
/// tallies, pins, threads, quoted previews and whether a message mentions this user. Pure (no I/O): fed every
/// authenticated message once it is decrypted (on the channel's serial queue) and every message this client sends.
/// Observing a message twice changes nothing. Recent messages are remembered (bounded) for previews and forwarding.
/// </summary>
internal sealed class ConversationModel(int rememberedMessages = 10_000)
{
    private const int PreviewLength = 120;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Observed> _messages = [];
    private readonly Queue<Guid> _messageOrder = new();
    private readonly ReactionBook _reactions = new();
    private readonly PollBook _polls = new();
    private readonly Dictionary<Guid, (HashSet<Guid> Replies, Observed Last)> _threads = [];

    /// <summary>What one message means for the aggregates.</summary>
    public sealed record Outcome(QuotedMessage? Quote, bool MentionsMe, IReadOnlyList<ChatalotEvent> Changes);

    /// <summary>Takes in one message; returns its quote, whether it mentions <paramref name="self"/>, and the aggregate events it causes.</summary>
    public Outcome Observe(Observed message, UserId? self, DateTimeOffset now)
    {
        var content = message.Content;
        var changes = new List<ChatalotEvent>();
        QuotedMessage? quote = null;
        lock (_lock)
        {
            switch (content.Kind)
            {
                case ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply:
                    Remember(message);
                    if (content.Kind != ContentKind.Text)
                    {
                        quote = new QuotedMessage(content.Target!, content.Kind == ContentKind.ThreadReply, PreviewOf(content.Target!.MessageId));
                    }

                    if (content.Kind == ContentKind.ThreadReply)
                    {
                        NoteThreadReply(content.Target!.MessageId, message);
                    }

                    break;
                case ContentKind.ReactionAdd or ContentKind.ReactionRemove:
                    var emoji = Composer.NormalizeReaction(content.Emoji!);
                    if (_reactions.Apply(content.Target!.MessageId, message.Sender, emoji, content.Kind == ContentKind.ReactionAdd, message.Position))
                    {
                        changes.Add(new ReactionsChanged
                        {
                            ChannelId = message.Channel,
                            MessageId = new MessageId(content.Target.MessageId),
                            Reactions = _reactions.Summarize(content.Target.MessageId),
                            ReceivedAt = now,
                        });
                    }

                    break;
                case ContentKind.PollCreate:
                    if (_polls.Open(message))
                    {
                        AddPollUpdate(changes, message.Id.Value, message.Channel, now);
                    }
                    break;
                case ContentKind.PollVote:
                    if (_polls.Vote(content.Target!.MessageId, message) is { } voted)
                    {
                        AddPollUpdate(changes, content.Target.MessageId, voted, now);
                    }

                    break;
                case ContentKind.PollClose:
                    if (_polls.Close(content.Target!.MessageId, message) is { } closed)
                    {
                        AddPollUpdate(changes, content.Target.MessageId, closed, now);
                    }

                    break;
                case ContentKind.Delete:
                    Forget(content.Target!.MessageId);
                    break;
            }
        }

        return new Outcome(quote, MentionsMe(message, self), changes);
    }

    /// <summary>A new body of a remembered message: previews and forwards use it from now on.</summary>
    public void ObserveEdit(MessageId id, MessageContent edit)
    {
        lock (_lock)
        {
            if (_messages.TryGetValue(id.Value, out var original))
            {
                _messages[id.Value] = original with { Content = original.Content with { Text = edit.Text, Attachments = edit.Attachments, Mentions = edit.Mentions } };
            }
        }
    }

    /// <summary>The server erased a message: it no longer previews or forwards.</summary>
    public void ObserveDeleted(MessageId id)
    {
        lock (_lock)
        {
            Forget(id.Value);
        }
    }

    public Observed? Find(MessageId id)
    {
        lock (_lock)
        {
            return _messages.GetValueOrDefault(id.Value);
        }
    }

    public IReadOnlyList<ReactionSummary> Reactions(MessageId message)
    {
        lock (_lock)
        {
            return _reactions.Summarize(message.Value);
        }
    }

    public bool HasReaction(MessageId message, UserId user, string emoji)
    {
        lock (_lock)
        {
            return _reactions.Has(message.Value, user, emoji);
        }
    }

    public bool ReactionsFull(MessageId message, string emoji)
    {
        lock (_lock)
        {
            return _reactions.IsFull(message.Value, emoji);
        }
    }

    public PollTally? Poll(MessageId poll, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _polls.Tally(poll.Value, now);
        }
    }

    public ThreadActivity? Thread(MessageId root)
    {
        lock (_lock)
        {
            return _threads.TryGetValue(root.Value, out var thread)
                ? new ThreadActivity(root, thread.Replies.Count, thread.Last.Id, thread.Last.ServerTime)
                : null;
        }
    }

    /// <summary>
    /// Whether the message mentions <paramref name="self"/>: by id, by <c>@everyone</c>, or by <c>@here</c> when it arrived
    /// live (this client was online when it was sent). A user's own messages never do.
    /// </summary>
    private static bool MentionsMe(Observed message, UserId? self) =>
        self is { } me && message.Sender != me && message.Content.Kind is ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply
        && ((message.Content.Mentions?.Contains(me.Value) ?? false) || message.Content.MentionsEveryone == true || (message.Content.MentionsHere == true && message.Live));

    private void AddPollUpdate(List<ChatalotEvent> changes, Guid poll, ChannelId channel, DateTimeOffset now)
    {
        if (_polls.Tally(poll, now) is { } tally)
        {
            changes.Add(new PollUpdated { ChannelId = channel, Tally = tally, ReceivedAt = now });
        }
    }

    private void NoteThreadReply(Guid root, Observed reply)
    {
        if (!_threads.TryGetValue(root, out var thread))
        {
            _threads[root] = (new HashSet<Guid> { reply.Id.Value }, reply);
            return;
        }

        thread.Replies.Add(reply.Id.Value);
        _threads[root] = (thread.Replies, reply.Position > thread.Last.Position ? reply : thread.Last);
    }

    private void Remember(Observed message)
    {
        if (_messages.TryAdd(message.Id.Value, message))
        {
            _messageOrder.Enqueue(message.Id.Value);
            while (_messageOrder.Count > rememberedMessages)
            {
                _messages.Remove(_messageOrder.Dequeue());
            }
        }
    }

    private void Forget(Guid message) => _messages.Remove(message);

    private string? PreviewOf(Guid message)
    {
        if (!_messages.TryGetValue(message, out var quoted))
        {
            return null;
        }

        var text = quoted.Content.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return quoted.Content.Attachments is [var first, ..] ? first.Name : string.Empty;
        }

        var line = text.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= PreviewLength ? line.ToString() : string.Concat(line[..(PreviewLength - 1)], "…");
    }
}
