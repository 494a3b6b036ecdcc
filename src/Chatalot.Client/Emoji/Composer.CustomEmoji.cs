using Chatalot.Client.Conversations.Internal;
using Chatalot.Protocol.Emoji;

namespace Chatalot.Client;

public static partial class Composer
{
    /// <summary>
    /// <see cref="FindShortcodes"/> with a community's custom emoji mixed in: the same three groups (names that start with
    /// the query, then a later word, then any other match), custom emoji first within each group, alphabetically. A custom
    /// emoji named like a standard shortcode is left out, since the standard one wins (content.md §3.3).
    /// </summary>
    /// <param name="query">What the user typed (colons ignored, case ignored).</param>
    /// <param name="custom">The conversation's community's custom emoji (<c>client.Emoji.ListAsync</c>); none when null.</param>
    /// <param name="limit">At most this many results.</param>
    /// <returns>The matches; none for an empty query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public static IReadOnlyList<EmojiSuggestion> FindEmoji(string query, IEnumerable<CustomEmoji>? custom, int limit = 48)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var needle = query.Trim().Trim(':').ToLowerInvariant();
        if (needle.Length == 0)
        {
            return [];
        }

        var groups = new List<EmojiSuggestion>[3] { [], [], [] };
        foreach (var emoji in (custom ?? []).Where(e => !EmojiShortcodes.ByName.ContainsKey(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (Rank(emoji.Name, needle) is { } rank)
            {
                groups[rank].Add(new EmojiSuggestion(emoji.Name, null, emoji));
            }
        }

        foreach (var name in EmojiShortcodes.Names)
        {
            if (Rank(name, needle) is { } rank)
            {
                groups[rank].Add(new EmojiSuggestion(name, EmojiShortcodes.ByName[name], null));
            }
        }

        return [.. groups.SelectMany(g => g).Take(limit)];
    }

    private static int? Rank(string name, string needle)
    {
        var at = name.IndexOf(needle, StringComparison.Ordinal);
        return at switch
        {
            0 => 0,
            > 0 => name.Contains("_" + needle, StringComparison.Ordinal) ? 1 : 2,
            _ => null,
        };
    }
}
