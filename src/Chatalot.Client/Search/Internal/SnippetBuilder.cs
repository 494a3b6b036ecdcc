namespace Chatalot.Client.Search.Internal;

/// <summary>
/// Cuts the part of a message to show in a result and marks the words that matched. Runs only on the page returned, so
/// re-tokenising the text here costs nothing the index pays for every message.
/// </summary>
internal static class SnippetBuilder
{
    private const string Ellipsis = "…";

    public static (string Snippet, IReadOnlyList<SearchHighlight> Highlights) Build(string text, IReadOnlyList<TermClause> clauses, int length)
    {
        var matched = new List<SearchToken>();
        if (clauses.Count > 0)
        {
            foreach (var token in SearchTokenizer.Tokenize(text))
            {
                if (clauses.Any(c => Matches(c, token.Term)))
                {
                    matched.Add(token);
                }
            }
        }

        var start = 0;
        var end = text.Length;
        if (text.Length > length)
        {
            // Some context before the first match, starting at a word boundary.
            start = matched.Count == 0 ? 0 : Math.Max(0, matched[0].Start - (length / 4));
            while (start > 0 && start < text.Length && !char.IsWhiteSpace(text[start - 1]))
            {
                start++;
            }

            if (matched.Count > 0 && start > matched[0].Start)
            {
                start = matched[0].Start;
            }

            end = Math.Min(text.Length, start + length);
            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end--;
            }
        }

        var prefix = start > 0 ? Ellipsis : string.Empty;
        var body = text[start..end].Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        var snippet = prefix + body + (end < text.Length ? Ellipsis : string.Empty);
        var highlights = new List<SearchHighlight>();
        foreach (var token in matched)
        {
            if (token.Start >= start && token.Start + token.Length <= end)
            {
                highlights.Add(new SearchHighlight(token.Start - start + prefix.Length, token.Length));
            }
        }

        return (snippet, highlights);
    }

    private static bool Matches(TermClause clause, string term)
    {
        for (var i = 0; i < clause.Terms.Count; i++)
        {
            if (clause.LastIsPrefix && i == clause.Terms.Count - 1
                ? term.StartsWith(clause.Terms[i], StringComparison.Ordinal)
                : term == clause.Terms[i])
            {
                return true;
            }
        }

        return false;
    }
}
