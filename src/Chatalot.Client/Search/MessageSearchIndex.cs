using Chatalot.Client.Search.Internal;
using Chatalot.Protocol.Content;

namespace Chatalot.Client.Search;

/// <summary>
/// A full-text index over decrypted messages, in memory only. <see cref="ChatalotClient.Search"/> is one the client
/// feeds with every message it decrypts (live, catch-up, edits; deletions remove); an application can also create one
/// and feed it itself, for example with history it decrypted some other way.
/// </summary>
/// <remarks>
/// Query syntax (docs/articles/client.md, "Search"): free words, all required, matched case- and diacritic-insensitively,
/// the last one as a prefix while it is being typed; <c>"quoted phrases"</c>; <c>from:</c> a user id or username;
/// <c>in:</c> a channel id or name; <c>has:link|attachment|poll|mention</c>; <c>before:</c> and <c>after:</c> an ISO 8601
/// date or date and time. Thread-safe.
/// </remarks>
public sealed class MessageSearchIndex
{
    private readonly Lock _lock = new();
    private readonly InvertedIndex _index = new();
    private readonly SearchIndexOptions _options;
    private readonly ISearchNameResolver? _names;
    private readonly Dictionary<UserId, string> _userNames = [];
    private readonly Dictionary<ChannelId, string> _channelNames = [];

    /// <summary>Messages deleted (bounded like the index), so a late copy from history or catch-up is not indexed again.</summary>
    private readonly HashSet<MessageId> _deleted = [];
    private readonly Queue<MessageId> _deletedOrder = new();

    /// <summary>Creates an empty index.</summary>
    /// <param name="options">How much it keeps; <see cref="SearchIndexOptions.Enabled"/> does not apply to an index fed by hand.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public MessageSearchIndex(SearchIndexOptions? options = null)
        : this(options, names: null)
    {
    }

    internal MessageSearchIndex(SearchIndexOptions? options, ISearchNameResolver? names)
    {
        _options = options ?? new SearchIndexOptions();
        _options.Validate();
        _names = names;
    }

    /// <summary>How many messages are indexed.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>
    /// Indexes a received message, replacing an earlier copy of it. Text, replies, thread replies and polls (question and
    /// options) are indexed, with their attachments' names; reactions, votes, pins and other kinds without text are not.
    /// </summary>
    /// <param name="message">The decrypted message.</param>
    /// <returns>Whether the message was indexed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public bool Add(MessageReceived message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Index(message.MessageId, message.ChannelId, message.Sender, message.SentAt, editedAt: null, message.Content);
    }

    /// <summary>
    /// Indexes a message this application decrypted earlier and kept itself, for example in a local message archive
    /// read back after a restart (the index is in memory only, and the server's copy cannot be decrypted twice). Like
    /// <see cref="Add(MessageReceived)"/>: an earlier copy is replaced, a deleted message is not indexed again, and
    /// kinds without text are not indexed.
    /// </summary>
    /// <param name="messageId">The message.</param>
    /// <param name="channelId">Its channel.</param>
    /// <param name="sender">Its authenticated sender, as it was when decrypted.</param>
    /// <param name="sentAt">When the server stored it (results are ordered by it).</param>
    /// <param name="content">Its content (the current text, after any edit).</param>
    /// <param name="editedAt">When it was last edited, if it was.</param>
    /// <returns>Whether the message was indexed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sender"/> or <paramref name="content"/> is null.</exception>
    public bool Add(MessageId messageId, ChannelId channelId, MessageSender sender, DateTimeOffset sentAt, MessageContent content, DateTimeOffset? editedAt = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(content);
        return Index(messageId, channelId, sender, sentAt, editedAt, content);
    }

    /// <summary>Replaces the text of an edited message (or indexes it, if the original was never seen).</summary>
    /// <param name="edited">The decrypted edit.</param>
    /// <returns>Whether the message is indexed afterwards.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="edited"/> is null.</exception>
    public bool Update(MessageEdited edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        MessageSender sender;
        DateTimeOffset sentAt;
        lock (_lock)
        {
            var original = _index.Find(edited.MessageId);
            sender = original?.Sender ?? edited.Sender;
            sentAt = original?.SentAt ?? edited.SentAt;
        }

        return Index(edited.MessageId, edited.ChannelId, sender, sentAt, edited.EditedAt, edited.Content);
    }

    /// <summary>Removes a deleted message; a copy of it offered later (from history) is not indexed again.</summary>
    /// <param name="messageId">The message.</param>
    /// <returns>Whether it was indexed.</returns>
    public bool Remove(MessageId messageId)
    {
        lock (_lock)
        {
            if (_deleted.Add(messageId))
            {
                _deletedOrder.Enqueue(messageId);
                if (_deletedOrder.Count > _options.MaxMessages)
                {
                    _deleted.Remove(_deletedOrder.Dequeue());
                }
            }

            return _index.Remove(messageId);
        }
    }

    /// <summary>Names a user for <c>from:</c> (besides what the client resolver finds); null forgets the name.</summary>
    /// <param name="user">The user.</param>
    /// <param name="username">The username.</param>
    public void SetUserName(UserId user, string? username)
    {
        lock (_lock)
        {
            SetName(_userNames, user, username);
        }
    }

    /// <summary>Names a channel for <c>in:</c> (besides what the client resolver finds); null forgets the name.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="name">Its name.</param>
    public void SetChannelName(ChannelId channel, string? name)
    {
        lock (_lock)
        {
            SetName(_channelNames, channel, name);
        }
    }

    /// <summary>Forgets every message, deletion and name.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _index.Clear();
            _deleted.Clear();
            _deletedOrder.Clear();
            _userNames.Clear();
            _channelNames.Clear();
        }
    }

    /// <summary>
    /// Finds the indexed messages matching <paramref name="query"/>, newest first, one page at a time. Runs in memory;
    /// only a <c>from:</c> or <c>in:</c> given by name may ask the server who or what has that name.
    /// </summary>
    /// <param name="query">The query, e.g. <c>from:alice in:general has:link "release notes" deploy</c>.</param>
    /// <param name="options">Page size, cursor, snippet length and time zone; <see cref="SearchOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The page of hits, the total count and the cursor of the next page.</returns>
    /// <exception cref="SearchQueryException">The query or cursor is malformed (<c>invalid_search_query</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    /// <exception cref="ChatalotApiException">Resolving a name failed on the server.</exception>
    public async ValueTask<SearchResults> SearchAsync(string query, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= SearchOptions.Default;
        options.Validate();
        var parsed = SearchQueryParser.Parse(query);
        (long Ticks, Guid Id)? cursor = options.Cursor is { } text ? SearchCursor.Decode(text) : null;
        var senders = parsed.From.Count == 0 ? null : await ResolveUsersAsync(parsed.From, cancellationToken).ConfigureAwait(false);
        var channels = parsed.In.Count == 0 ? null : await ResolveChannelsAsync(parsed.In, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var resolved = new ResolvedQuery([.. parsed.Clauses], senders, channels, parsed.Has, parsed.LowerBound(options.TimeZone), parsed.UpperBound(options.TimeZone));

        List<IndexedMessage> page;
        int total;
        bool more;
        lock (_lock)
        {
            (page, total, more) = QueryEvaluator.Run(_index, resolved, cursor, options.Limit);
        }

        if (page.Count > options.Limit)
        {
            page.RemoveAt(page.Count - 1);
        }

        var hits = new SearchHit[page.Count];
        for (var i = 0; i < page.Count; i++)
        {
            var message = page[i];
            var (snippet, highlights) = SnippetBuilder.Build(message.Text, parsed.Clauses, options.SnippetLength);
            hits[i] = new SearchHit
            {
                MessageId = message.Id,
                ChannelId = message.Channel,
                Sender = message.Sender,
                SentAt = message.SentAt,
                EditedAt = message.EditedAt,
                Snippet = snippet,
                Highlights = highlights,
            };
        }

        return new SearchResults
        {
            Hits = hits,
            TotalCount = total,
            NextCursor = more && page.Count > 0 ? SearchCursor.Encode(page[^1].Order) : null,
        };
    }

    /// <summary>The client's feed: what it publishes, it indexes (called on the channel's inbound queue).</summary>
    internal void Observe(ChatalotEvent chatalotEvent)
    {
        switch (chatalotEvent)
        {
            case MessageReceived received:
                Add(received);
                break;
            case MessageEdited edited:
                Update(edited);
                break;
            case MessageDeleted deleted:
                Remove(deleted.MessageId);
                break;
        }
    }

    private bool Index(MessageId id, ChannelId channel, MessageSender sender, DateTimeOffset sentAt, DateTimeOffset? editedAt, MessageContent content)
    {
        if (Searchable(content) is not { Length: > 0 } text)
        {
            return false;
        }

        var message = new IndexedMessage(id, channel, sender, sentAt, editedAt, text, Features(content));
        lock (_lock)
        {
            if (_deleted.Contains(id))
            {
                return false;
            }

            if (sender.Username is { } username && !_userNames.ContainsKey(sender.UserId))
            {
                SetName(_userNames, sender.UserId, username);
            }

            _index.Add(message, _options.MaxMessages);
            return _index.Contains(id);
        }
    }

    /// <summary>The text a message is found by; null for kinds that only act on another message.</summary>
    private static string? Searchable(MessageContent content)
    {
        var parts = new List<string>();
        switch (content.Kind)
        {
            case ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.Edit:
                AddIfAny(parts, content.Text);
                break;
            case ContentKind.PollCreate when content.Poll is { } poll:
                parts.Add(poll.Question);
                parts.AddRange(poll.Options);
                break;
            case var kind when !ContentKind.IsKnown(kind):
                // A later kind with text is still worth finding; one without text has nothing to find.
                AddIfAny(parts, content.Text);
                break;
            default:
                return null;
        }

        foreach (var attachment in content.Attachments ?? [])
        {
            parts.Add(attachment.Name);
        }

        return string.Join('\n', parts);
    }

    private static void AddIfAny(List<string> parts, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            parts.Add(text);
        }
    }

    private static MessageFeatures Features(MessageContent content)
    {
        var features = MessageFeatures.None;
        var text = content.Text ?? string.Empty;
        if (text.Contains("http://", StringComparison.OrdinalIgnoreCase) || text.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || text.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            features |= MessageFeatures.Link;
        }

        if (content.Attachments is { Count: > 0 })
        {
            features |= MessageFeatures.Attachment;
        }

        if (content.Kind == ContentKind.PollCreate)
        {
            features |= MessageFeatures.Poll;
        }

        if (content.Mentions is { Count: > 0 } || text.Contains("@everyone", StringComparison.Ordinal) || text.Contains("@here", StringComparison.Ordinal))
        {
            features |= MessageFeatures.Mention;
        }

        return features;
    }

    private async ValueTask<HashSet<UserId>> ResolveUsersAsync(IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var ids = new HashSet<UserId>();
        foreach (var value in values)
        {
            if (Guid.TryParse(value, out var id))
            {
                ids.Add(new UserId(id));
                continue;
            }

            var folded = SearchTokenizer.FoldName(value);
            UserId[] senders;
            lock (_lock)
            {
                ids.UnionWith(_userNames.Where(n => n.Value == folded).Select(n => n.Key));
                senders = _index.Senders.Where(s => !_userNames.ContainsKey(s)).ToArray();
            }

            if (_names is not null && senders.Length > 0)
            {
                ids.UnionWith(await _names.UsersNamedAsync(folded, senders, cancellationToken).ConfigureAwait(false));
            }
        }

        return ids;
    }

    private async ValueTask<HashSet<ChannelId>> ResolveChannelsAsync(IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var ids = new HashSet<ChannelId>();
        foreach (var value in values)
        {
            if (Guid.TryParse(value, out var id))
            {
                ids.Add(new ChannelId(id));
                continue;
            }

            var folded = SearchTokenizer.FoldName(value);
            lock (_lock)
            {
                ids.UnionWith(_channelNames.Where(n => n.Value == folded).Select(n => n.Key));
            }

            if (_names is not null)
            {
                ids.UnionWith(await _names.ChannelsNamedAsync(folded, cancellationToken).ConfigureAwait(false));
            }
        }

        return ids;
    }

    private static void SetName<TKey>(Dictionary<TKey, string> names, TKey key, string? name)
        where TKey : notnull
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            names.Remove(key);
        }
        else
        {
            names[key] = SearchTokenizer.FoldName(name);
        }
    }
}
