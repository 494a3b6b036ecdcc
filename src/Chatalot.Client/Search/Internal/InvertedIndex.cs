namespace Chatalot.Client.Search.Internal;

/// <summary>
/// An in-memory inverted index: a dictionary of folded terms, for each term the ascending ids of the documents holding
/// it (documents are numbered as they are added, so appending keeps postings sorted), and a sorted set of the terms for
/// prefix lookups. Replacing a message removes it and adds it again under a new number. Not thread-safe: the owner locks.
/// </summary>
internal sealed class InvertedIndex
{
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly List<List<int>> _postings = [];
    private readonly SortedSet<string> _sortedTerms = new(StringComparer.Ordinal);
    private readonly List<IndexedMessage?> _documents = [];
    private readonly Dictionary<MessageId, int> _byMessage = [];
    private readonly Dictionary<UserId, List<int>> _bySender = [];
    private readonly Dictionary<ChannelId, List<int>> _byChannel = [];

    /// <summary>Oldest message first, for eviction; removed documents are skipped when they surface.</summary>
    private readonly PriorityQueue<int, (long Ticks, Guid Id)> _byAge = new();

    public int Count => _byMessage.Count;

    /// <summary>The number of document slots, live or removed (the exclusive bound of document ids).</summary>
    public int Capacity => _documents.Count;

    /// <summary>The users who sent at least one indexed message.</summary>
    public IEnumerable<UserId> Senders => _bySender.Keys;

    public IndexedMessage? Document(int id) => _documents[id];

    public bool Contains(MessageId id) => _byMessage.ContainsKey(id);

    public IndexedMessage? Find(MessageId id) => _byMessage.TryGetValue(id, out var doc) ? _documents[doc] : null;

    /// <summary>Indexes <paramref name="message"/>, replacing an earlier version of it, then drops the oldest past <paramref name="maxMessages"/>.</summary>
    public void Add(IndexedMessage message, int maxMessages)
    {
        Remove(message.Id);
        var tokens = SearchTokenizer.Tokenize(message.Text);
        var terms = new int[tokens.Count];
        var doc = _documents.Count;
        _documents.Add(message);
        for (var i = 0; i < tokens.Count; i++)
        {
            var term = TermId(tokens[i].Term);
            terms[i] = term;
            var postings = _postings[term];
            if (postings.Count == 0 || postings[^1] != doc)
            {
                postings.Add(doc);
            }
        }

        message.Terms = terms;
        _byMessage[message.Id] = doc;
        Append(_bySender, message.Sender.UserId, doc);
        Append(_byChannel, message.Channel, doc);
        _byAge.Enqueue(doc, message.Order);
        while (_byMessage.Count > maxMessages && _byAge.TryDequeue(out var oldest, out _))
        {
            if (_documents[oldest] is { } evicted)
            {
                Remove(evicted.Id);
            }
        }

        CompactIfSparse();
    }

    public bool Remove(MessageId id)
    {
        if (!_byMessage.Remove(id, out var doc))
        {
            return false;
        }

        var message = _documents[doc]!;
        _documents[doc] = null;
        foreach (var term in message.Terms)
        {
            var postings = _postings[term];
            var at = postings.BinarySearch(doc);
            if (at >= 0)
            {
                postings.RemoveAt(at);
                if (postings.Count == 0)
                {
                    _sortedTerms.Remove(_terms[term]);
                }
            }
        }

        Detach(_bySender, message.Sender.UserId, doc);
        Detach(_byChannel, message.Channel, doc);
        return true;
    }

    public void Clear()
    {
        _termIds.Clear();
        _terms.Clear();
        _postings.Clear();
        _sortedTerms.Clear();
        _documents.Clear();
        _byMessage.Clear();
        _bySender.Clear();
        _byChannel.Clear();
        _byAge.Clear();
    }

    /// <summary>The id of a term, or -1 when no indexed message has it.</summary>
    public int Lookup(string term) => _termIds.TryGetValue(term, out var id) && _postings[id].Count > 0 ? id : -1;

    public string Term(int id) => _terms[id];

    public IReadOnlyList<int> Postings(int term) => _postings[term];

    /// <summary>The ascending ids of the documents sent by <paramref name="sender"/>.</summary>
    public IReadOnlyList<int> SentBy(UserId sender) => _bySender.TryGetValue(sender, out var docs) ? docs : [];

    /// <summary>The ascending ids of the documents in <paramref name="channel"/>.</summary>
    public IReadOnlyList<int> In(ChannelId channel) => _byChannel.TryGetValue(channel, out var docs) ? docs : [];

    /// <summary>The ids of the indexed terms that begin with <paramref name="prefix"/>.</summary>
    public IEnumerable<int> TermsStartingWith(string prefix)
    {
        // Every term starting with the prefix sorts between the prefix itself and the prefix followed by the last char.
        foreach (var term in _sortedTerms.GetViewBetween(prefix, prefix + char.MaxValue))
        {
            if (term.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return _termIds[term];
            }
        }
    }

    private static void Append<TKey>(Dictionary<TKey, List<int>> lists, TKey key, int doc)
        where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var docs))
        {
            lists[key] = docs = [];
        }

        docs.Add(doc);
    }

    private static void Detach<TKey>(Dictionary<TKey, List<int>> lists, TKey key, int doc)
        where TKey : notnull
    {
        var docs = lists[key];
        docs.RemoveAt(docs.BinarySearch(doc));
        if (docs.Count == 0)
        {
            lists.Remove(key);
        }
    }

    private int TermId(string term)
    {
        if (!_termIds.TryGetValue(term, out var id))
        {
            id = _terms.Count;
            _termIds.Add(term, id);
            _terms.Add(term);
            _postings.Add([]);
        }

        if (_postings[id].Count == 0)
        {
            _sortedTerms.Add(term);
        }

        return id;
    }

    /// <summary>
    /// Edits and evictions leave removed slots and unused terms behind; once they outnumber the live ones, the index is
    /// renumbered from its own documents (no re-tokenising) so memory stays proportional to what is indexed.
    /// </summary>
    private void CompactIfSparse()
    {
        var sparseDocuments = _documents.Count >= 1024 && _documents.Count >= 2 * _byMessage.Count;
        var sparseTerms = _terms.Count >= 4096 && _terms.Count >= 2 * _sortedTerms.Count;
        if (!sparseDocuments && !sparseTerms)
        {
            return;
        }

        var live = _documents.Where(d => d is not null).Cast<IndexedMessage>().ToArray();
        var oldTerms = _terms.ToArray();
        var remap = new int[oldTerms.Length];
        Array.Fill(remap, -1);
        _termIds.Clear();
        _terms.Clear();
        _postings.Clear();
        _documents.Clear();
        _byMessage.Clear();
        _bySender.Clear();
        _byChannel.Clear();
        _byAge.Clear();
        foreach (var message in live)
        {
            var doc = _documents.Count;
            _documents.Add(message);
            _byMessage[message.Id] = doc;
            _byAge.Enqueue(doc, message.Order);
            Append(_bySender, message.Sender.UserId, doc);
            Append(_byChannel, message.Channel, doc);
            var terms = message.Terms;
            for (var i = 0; i < terms.Length; i++)
            {
                if (remap[terms[i]] < 0)
                {
                    remap[terms[i]] = _terms.Count;
                    _termIds.Add(oldTerms[terms[i]], _terms.Count);
                    _terms.Add(oldTerms[terms[i]]);
                    _postings.Add([]);
                }

                terms[i] = remap[terms[i]];
                var postings = _postings[terms[i]];
                if (postings.Count == 0 || postings[^1] != doc)
                {
                    postings.Add(doc);
                }
            }
        }
    }
}
