using Chatalot.Client.Conversations.Internal;
using Chatalot.Protocol;

namespace Chatalot.Client.Previews;

/// <summary>Finds the links of a message that may get a preview (content.md §3.6): <c>https</c> URLs outside code.</summary>
public static class LinkFinder
{
    private const string Scheme = "https://";

    /// <summary>
    /// The distinct <c>https</c> URLs in <paramref name="markdown"/> outside code spans and blocks, in order, at most
    /// <paramref name="max"/>. A URL ends at white space or <c>&lt; &gt; "</c>; trailing sentence punctuation and an
    /// unbalanced closing parenthesis (as in <c>[text](https://…)</c>) are not part of it.
    /// </summary>
    /// <param name="markdown">The message's Markdown source.</param>
    /// <param name="max">How many to return at most.</param>
    /// <returns>The URLs, exactly as they appear in the text.</returns>
    public static IReadOnlyList<string> FindLinks(string? markdown, int max = ChatalotLimits.LinkPreviewsMax)
    {
        var links = new List<string>();
        if (string.IsNullOrEmpty(markdown))
        {
            return links;
        }

        foreach (var (start, length) in MarkdownScan.OutsideCode(markdown))
        {
            var segment = markdown.AsSpan(start, length);
            var at = 0;
            while (links.Count < max && (at = IndexOfScheme(segment, at)) >= 0)
            {
                var end = at;
                while (end < segment.Length && !char.IsWhiteSpace(segment[end]) && segment[end] is not ('<' or '>' or '"'))
                {
                    end++;
                }

                var candidate = Trim(segment[at..end]).ToString();
                if (candidate.Length > Scheme.Length && candidate.Length <= ChatalotLimits.LinkPreviewUrlMaxLength
                    && Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !links.Contains(candidate))
                {
                    links.Add(candidate);
                }

                at = end;
            }
        }

        return links;
    }

    private static int IndexOfScheme(ReadOnlySpan<char> text, int from)
    {
        var index = text[from..].IndexOf(Scheme, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? -1 : from + index;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '*' or '_' or '~' or ']'
                || (last == ')' && url.Count('(') < url.Count(')')))
            {
                url = url[..^1];
                continue;
            }

            break;
        }

        return url;
    }
}
