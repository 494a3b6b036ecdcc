namespace Chatalot.Client;

/// <summary>
/// Finds <c>@username</c>, <c>@everyone</c> and <c>@here</c> in Markdown being composed, resolving names against the
/// members the caller knows (so a typo mentions nobody). Mentions inside code (<c>`…`</c>, fenced blocks) are not mentions.
/// </summary>
public static class MentionParser
{
    /// <summary>The mentions in <paramref name="text"/>.</summary>
    /// <param name="text">Markdown source.</param>
    /// <param name="members">The conversation's members; names match ignoring case.</param>
    /// <returns>The mentioned users in order of first mention, and whether <c>@everyone</c> / <c>@here</c> occur.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static MentionSet Parse(string text, IEnumerable<ConversationMember> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(members);
        var byName = new Dictionary<string, UserId>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            byName.TryAdd(member.Username, member.UserId);
        }

        var users = new List<UserId>();
        bool everyone = false, here = false;
        foreach (var (start, length) in Conversations.Internal.MarkdownScan.OutsideCode(text))
        {
            var span = text.AsSpan(start, length);
            for (var i = span.IndexOf('@'); i >= 0; i = NextAt(span, i + 1))
            {
                // "a@b" is an address, not a mention.
                if (i > 0 && IsNameChar(span[i - 1]))
                {
                    continue;
                }

                var end = i + 1;
                while (end < span.Length && end - i - 1 < Protocol.ChatalotLimits.UsernameMaxLength && IsNameChar(span[end]))
                {
                    end++;
                }

                // "@bob." at the end of a sentence: try the longest name, then without trailing '.' or '-'.
                for (var name = span[(i + 1)..end]; name.Length > 0; name = name[..^1])
                {
                    if (name.Equals("everyone", StringComparison.Ordinal))
                    {
                        everyone = true;
                        break;
                    }

                    if (name.Equals("here", StringComparison.Ordinal))
                    {
                        here = true;
                        break;
                    }

                    if (byName.TryGetValue(name.ToString(), out var user))
                    {
                        if (!users.Contains(user))
                        {
                            users.Add(user);
                        }

                        break;
                    }

                    if (name[^1] is not ('.' or '-'))
                    {
                        break;
                    }
                }
            }
        }

        return new MentionSet(users, everyone, here);
    }

    private static int NextAt(ReadOnlySpan<char> span, int from)
    {
        if (from >= span.Length)
        {
            return -1;
        }

        var next = span[from..].IndexOf('@');
        return next < 0 ? -1 : from + next;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
