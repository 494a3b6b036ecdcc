namespace Chatalot.Client.Search.Internal;

/// <summary>A query with its names resolved to ids and its dates to instants: what <see cref="QueryEvaluator"/> runs.</summary>
internal sealed record ResolvedQuery(
    TermClause[] Clauses,
    HashSet<UserId>? Senders,
    HashSet<ChannelId>? Channels,
    MessageFeatures Has,
    DateTimeOffset? After,
    DateTimeOffset? Before);

/// <summary>
/// Runs a query on an <see cref="InvertedIndex"/>: intersects the clauses' postings from the rarest up, checks phrases
/// and filters on what is left, and keeps the newest <c>limit</c> past the cursor in a bounded heap (no full sort).
/// </summary>
internal static class QueryEvaluator
{
    public static (List<IndexedMessage> Page, int Total, bool More) Run(InvertedIndex index, ResolvedQuery query, (long Ticks, Guid Id)? cursor, int limit)
    {
        var candidates = Candidates(index, query);
        var newest = new PriorityQueue<IndexedMessage, (long Ticks, Guid Id)>();
        var total = 0;
        var pastCursor = 0;
        if (candidates is null)
        {
            for (var doc = 0; doc < index.Capacity; doc++)
            {
                Consider(index.Document(doc));
            }
        }
        else
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                Consider(index.Document(candidates[i]));
            }
        }

        var page = new List<IndexedMessage>(newest.Count);
        while (newest.TryDequeue(out var message, out _))
        {
            page.Add(message);
        }

        page.Reverse();
        return (page, total, pastCursor > limit);

        void Consider(IndexedMessage? message)
        {
            if (message is null || !Matches(index, message, query))
            {
                return;
            }

            total++;
            var order = message.Order;
            if (cursor is { } after && order.CompareTo(after) >= 0)
            {
                return;
            }

            pastCursor++;

            // The heap's root is the oldest of the newest kept so far: one more than the page, to know whether more follow.
            if (newest.Count <= limit)
            {
                newest.Enqueue(message, order);
            }
            else if (order.CompareTo(newest.Peek().Order) > 0)
            {
                newest.DequeueEnqueue(message, order);
            }
        }
    }

    /// <summary>
    /// The ascending ids of the documents holding every clause's terms and from the senders and channels asked for; null
    /// when the query has neither (every document is a candidate).
    /// </summary>
    private static IReadOnlyList<int>? Candidates(InvertedIndex index, ResolvedQuery query)
    {
        var lists = new List<IReadOnlyList<int>>();
        foreach (var clause in query.Clauses)
        {
            for (var i = 0; i < clause.Terms.Count; i++)
            {
                lists.Add(clause.LastIsPrefix && i == clause.Terms.Count - 1
                    ? PrefixPostings(index, clause.Terms[i])
                    : index.Lookup(clause.Terms[i]) is >= 0 and var term ? index.Postings(term) : []);
            }
        }

        if (query.Senders is { } senders)
        {
            lists.Add(Union(index, senders.Select(index.SentBy).ToList()));
        }

        if (query.Channels is { } channels)
        {
            lists.Add(Union(index, channels.Select(index.In).ToList()));
        }

        if (lists.Count == 0)
        {
            return null;
        }

        lists.Sort((a, b) => a.Count.CompareTo(b.Count));
        IReadOnlyList<int> result = lists[0];
        for (var i = 1; i < lists.Count && result.Count > 0; i++)
        {
            result = Intersect(result, lists[i]);
        }

        return result;
    }

    /// <summary>The union of the postings of every term the prefix begins, in ascending order.</summary>
    private static IReadOnlyList<int> PrefixPostings(InvertedIndex index, string prefix) =>
        Union(index, index.TermsStartingWith(prefix).Select(index.Postings).ToList());

    /// <summary>The union of ascending lists, in ascending order.</summary>
    private static IReadOnlyList<int> Union(InvertedIndex index, List<IReadOnlyList<int>> lists)
    {
        switch (lists.Count)
        {
            case 0:
                return [];
            case 1:
                return lists[0];
        }

        var seen = new bool[index.Capacity];
        var count = 0;
        foreach (var list in lists)
        {
            foreach (var doc in list)
            {
                if (!seen[doc])
                {
                    seen[doc] = true;
                    count++;
                }
            }
        }

        var union = new List<int>(count);
        for (var doc = 0; doc < seen.Length; doc++)
        {
            if (seen[doc])
            {
                union.Add(doc);
            }
        }

        return union;
    }

    /// <summary>Intersects two ascending lists, galloping through the longer one by binary search.</summary>
    private static List<int> Intersect(IReadOnlyList<int> small, IReadOnlyList<int> large)
    {
        var result = new List<int>(Math.Min(small.Count, large.Count));
        var low = 0;
        foreach (var doc in small)
        {
            var high = large.Count - 1;
            while (low <= high)
            {
                var mid = low + ((high - low) >> 1);
                if (large[mid] < doc)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            if (low >= large.Count)
            {
                break;
            }

            if (large[low] == doc)
            {
                result.Add(doc);
            }
        }

        return result;
    }

    private static bool Matches(InvertedIndex index, IndexedMessage message, ResolvedQuery query)
    {
        if ((query.Senders is not null && !query.Senders.Contains(message.Sender.UserId))
            || (query.Channels is not null && !query.Channels.Contains(message.Channel))
            || (message.Features & query.Has) != query.Has
            || (query.After is { } after && message.SentAt <= after)
            || (query.Before is { } before && message.SentAt >= before))
        {
            return false;
        }

        foreach (var clause in query.Clauses)
        {
            if (clause.Terms.Count > 1 && !HasPhrase(index, message.Terms, clause))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the clause's terms occur consecutively in the message.</summary>
    private static bool HasPhrase(InvertedIndex index, int[] terms, TermClause clause)
    {
        var count = clause.Terms.Count;
        for (var start = 0; start + count <= terms.Length; start++)
        {
            var all = true;
            for (var k = 0; k < count && all; k++)
            {
                var term = index.Term(terms[start + k]);
                all = clause.LastIsPrefix && k == count - 1
                    ? term.StartsWith(clause.Terms[k], StringComparison.Ordinal)
                    : term == clause.Terms[k];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
