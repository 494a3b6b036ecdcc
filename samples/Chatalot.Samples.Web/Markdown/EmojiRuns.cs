namespace Chatalot.Samples.Web.Markdown;

/// <summary>One piece of text: plain text, or a <c>:name:</c> token that may be a custom emoji.</summary>
/// <param name="Text">The text, or the whole token with its colons.</param>
/// <param name="IsToken">Whether this is a <c>:name:</c> token (<c>name</c> is <c>[a-z0-9_]{2,32}</c>, content.md §3.3).</param>
public readonly record struct EmojiRun(string Text, bool IsToken);

/// <summary>
/// Splits text into plain runs and <c>:name:</c> tokens, so a renderer can show a community's emoji image for a token
/// it resolves and the text as typed otherwise. Pure; a colon that starts no valid token stays in the text (so
/// <c>10:30:45</c> has no token, and <c>a::b:</c> finds <c>:b:</c> only when it has two characters).
/// </summary>
public static class EmojiRuns
{
    private const int MinName = 2;
    private const int MaxName = 32;

    /// <summary>The runs of <paramref name="text"/>; a single plain run when it has no token.</summary>
    public static IReadOnlyList<EmojiRun> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runs = new List<EmojiRun>();
        var copied = 0;
        var i = text.IndexOf(':', StringComparison.Ordinal);
        while (i >= 0 && i < text.Length - 1)
        {
            var end = i + 1;
            while (end < text.Length && end - i - 1 <= MaxName && IsNameChar(text[end]))
            {
                end++;
            }

            var length = end - i - 1;
            // A token is not glued to a preceding letter or digit (a time like 10:30:45, or "http:").
            var detached = i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]);
            if (end < text.Length && text[end] == ':' && length is >= MinName and <= MaxName && detached)
            {
                if (i > copied)
                {
                    runs.Add(new EmojiRun(text[copied..i], false));
                }

                runs.Add(new EmojiRun(text[i..(end + 1)], true));
                copied = end + 1;
                i = text.IndexOf(':', copied);
            }
            else
            {
                i = text.IndexOf(':', i + 1);
            }
        }

        if (copied < text.Length || runs.Count == 0)
        {
            runs.Add(new EmojiRun(text[copied..], false));
        }

        return runs;
    }

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';
}
