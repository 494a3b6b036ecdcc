using System.Globalization;

namespace Chatalot.Client.Search.Internal;

/// <summary>
/// Parses the search box syntax (docs/articles/client.md, "Search"): free words, <c>"quoted phrases"</c> and the filters
/// <c>from:</c>, <c>in:</c>, <c>has:</c>, <c>before:</c> and <c>after:</c>, whose value may be quoted. A word with
/// another <c>key:</c> is just words (so a pasted URL is searched as text). Throws only <see cref="SearchQueryException"/>.
/// </summary>
internal static class SearchQueryParser
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static SearchQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clauses = new List<TermClause>();
        List<string> from = [], channels = [];
        List<DateBound> before = [], after = [];
        var has = MessageFeatures.None;
        var lastFreeWord = -1;
        var i = 0;
        while (true)
        {
            while (i < query.Length && char.IsWhiteSpace(query[i]))
            {
                i++;
            }

            if (i >= query.Length)
            {
                break;
            }

            var start = i;
            if (query[i] == '"')
            {
                var phrase = ReadQuoted(query, ref i);
                AddClause(clauses, phrase);
                continue;
            }

            var colon = -1;
            while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] != '"')
            {
                if (query[i] == ':' && colon < 0)
                {
                    colon = i;
                }

                i++;
            }

            var key = colon > start ? query[start..colon].ToUpperInvariant() : null;
            if (key is not ("FROM" or "IN" or "HAS" or "BEFORE" or "AFTER"))
            {
                if (i < query.Length && query[i] == '"')
                {
                    // A quote inside a word starts a phrase: what came before it is a word of its own.
                    AddClause(clauses, query[start..i]);
                    continue;
                }

                if (AddClause(clauses, query[start..i]))
                {
                    lastFreeWord = clauses.Count - 1;
                }

                continue;
            }

            var valueStart = colon + 1;
            string value;
            if (i == valueStart && i < query.Length && query[i] == '"')
            {
                value = ReadQuoted(query, ref i).Trim();
            }
            else
            {
                value = query[valueStart..i];
            }

            if (value.Length == 0)
            {
                throw new SearchQueryException(SearchQueryError.MissingFilterValue, start, $"The filter {key.ToLowerInvariant()}: needs a value.");
            }

            switch (key)
            {
                case "FROM":
                    from.Add(value.TrimStart('@'));
                    break;
                case "IN":
                    channels.Add(value.TrimStart('#'));
                    break;
                case "HAS":
                    has |= ParseHas(value, valueStart);
                    break;
                case "BEFORE":
                    before.Add(ParseDate(value, valueStart));
                    break;
                default:
                    after.Add(ParseDate(value, valueStart));
                    break;
            }

            // Anything after a filter means the free word before it is finished, not being typed.
            lastFreeWord = -1;
        }

        if (clauses.Count == 0 && from.Count == 0 && channels.Count == 0 && has == MessageFeatures.None && before.Count == 0 && after.Count == 0)
        {
            throw new SearchQueryException(SearchQueryError.EmptyQuery, 0, "The query has no word or filter to search for.");
        }

        // The word still being typed matches as a prefix; a trailing space says it is complete.
        if (lastFreeWord == clauses.Count - 1 && lastFreeWord >= 0 && !char.IsWhiteSpace(query[^1]))
        {
            clauses[lastFreeWord] = clauses[lastFreeWord] with { LastIsPrefix = true };
        }

        return new SearchQuery { Clauses = clauses, From = from, In = channels, Has = has, Before = before, After = after };
    }

    /// <summary>Reads a quoted string starting at the quote at <paramref name="i"/>, leaving <paramref name="i"/> after the closing quote.</summary>
    private static string ReadQuoted(string query, ref int i)
    {
        var open = i;
        var close = query.IndexOf('"', open + 1);
        if (close < 0)
        {
            throw new SearchQueryException(SearchQueryError.UnterminatedQuote, open, "A quote is not closed.");
        }

        i = close + 1;
        return query[(open + 1)..close];
    }

    /// <summary>Adds the words of <paramref name="text"/> as one clause; false when nothing in it is searchable (punctuation, emoji).</summary>
    private static bool AddClause(List<TermClause> clauses, string text)
    {
        var terms = SearchTokenizer.Tokenize(text).Select(t => t.Term).ToArray();
        if (terms.Length == 0)
        {
            return false;
        }

        clauses.Add(new TermClause(terms, LastIsPrefix: false));
        return true;
    }

    private static MessageFeatures ParseHas(string value, int position) => value.ToUpperInvariant() switch
    {
        "LINK" or "LINKS" => MessageFeatures.Link,
        "ATTACHMENT" or "ATTACHMENTS" or "FILE" or "FILES" => MessageFeatures.Attachment,
        "POLL" or "POLLS" => MessageFeatures.Poll,
        "MENTION" or "MENTIONS" => MessageFeatures.Mention,
        _ => throw new SearchQueryException(SearchQueryError.UnknownHasValue, position, "has: takes link, attachment, poll or mention."),
    };

    private static DateBound ParseDate(string value, int position)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateBound(day, null);
        }

        // A time without an offset is taken as UTC, so a query means the same on every device.
        if (DateTimeOffset.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return new DateBound(null, instant);
        }

        throw new SearchQueryException(SearchQueryError.InvalidDate, position, "before: and after: take an ISO 8601 date (2025-05-01) or date and time (2025-05-01T14:30Z).");
    }
}
