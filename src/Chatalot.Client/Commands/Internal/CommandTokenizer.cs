using System.Text;

namespace Chatalot.Client.Commands.Internal;

/// <summary>One argument token and where it starts in the argument text (so a remainder can be taken verbatim).</summary>
internal readonly record struct CommandToken(string Value, int Start);

/// <summary>Splits command arguments on white space; <c>"double quotes"</c> group words, <c>\"</c> escapes a quote.</summary>
internal static class CommandTokenizer
{
    public static List<CommandToken> Tokenize(string text)
    {
        var tokens = new List<CommandToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var start = i;
            var value = new StringBuilder();
            var quoted = false;
            while (i < text.Length && (quoted || !char.IsWhiteSpace(text[i])))
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    value.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = !quoted;
                    i++;
                    continue;
                }

                value.Append(c);
                i++;
            }

            tokens.Add(new CommandToken(value.ToString(), start));
        }

        return tokens;
    }

    /// <summary>Splits a message into command name and argument text when it starts with <paramref name="prefix"/>.</summary>
    public static bool TrySplitInvocation(string text, string prefix, out string name, out string arguments)
    {
        name = string.Empty;
        arguments = string.Empty;
        var trimmed = text.AsSpan().TrimStart();
        if (!trimmed.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = trimmed[prefix.Length..];
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        if (end == 0)
        {
            return false;
        }

        name = rest[..end].ToString();
        arguments = rest[end..].Trim().ToString();
        return true;
    }
}
