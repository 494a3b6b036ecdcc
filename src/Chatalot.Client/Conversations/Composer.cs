using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using Chatalot.Client.Conversations.Internal;
using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// Turns what a user typed into a message content, the same way in every client (web, terminal, bots): slash commands
/// (<c>/shrug</c>, <c>/tableflip</c>, <c>/me</c>), <c>:shortcode:</c> emoji (GitHub's gemoji list) and mentions. Spoilers
/// (<c>||x||</c>) and the rest of Markdown are left for the receiving client to render (content.md §3.3).
/// </summary>
public static partial class Composer
{
    /// <summary>¯\_(ツ)_/¯ as Markdown source: the backslash and underscores escaped, so it renders as typed.</summary>
    public const string Shrug = @"¯\\\_(ツ)\_/¯";

    /// <summary>(╯°□°)╯︵ ┻━┻.</summary>
    public const string TableFlip = "(╯°□°)╯︵ ┻━┻";

    /// <summary>
    /// Builds a <see cref="ContentKind.Text"/> content from composer input: <c>/shrug [text]</c> and
    /// <c>/tableflip [text]</c> append their emoticon; <c>/me text</c> is an action (<see cref="MessageContent.Action"/>,
    /// shown in italics after the sender's name); other input is sent as typed. Shortcodes become emoji and
    /// <c>@name</c>, <c>@everyone</c>, <c>@here</c> become the content's mentions; neither inside code.
    /// </summary>
    /// <param name="input">What the user typed.</param>
    /// <param name="members">The conversation's members, for <c>@name</c>; none when null.</param>
    /// <returns>The content, to send with <c>SendAsync</c> or turn into a reply (<c>with { Kind = … }</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public static MessageContent Compose(string input, IEnumerable<ConversationMember>? members = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (text, action) = ApplyCommand(input);
        text = ReplaceShortcodes(text);
        var mentions = MentionParser.Parse(text, members ?? []);
        return MessageContent.CreateText(text, [.. mentions.Users.Select(u => u.Value)]) with
        {
            Action = action ? true : null,
            MentionsEveryone = mentions.Everyone ? true : null,
            MentionsHere = mentions.Here ? true : null,
        };
    }

    /// <summary>Replaces every known <c>:shortcode:</c> outside code with its emoji; unknown ones stay as typed.</summary>
    /// <param name="text">Markdown source.</param>
    /// <returns>The text with emoji.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string ReplaceShortcodes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, length) in MarkdownScan.OutsideCode(text))
        {
            result.Append(text, copied, start - copied);
            result.Append(ShortcodePattern().Replace(text.Substring(start, length), m => EmojiShortcodes.ByName.TryGetValue(m.Groups[1].Value, out var emoji) ? emoji : m.Value));
            copied = start + length;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The emoji of a shortcode.</summary>
    /// <param name="shortcode">With or without the colons: <c>smile</c> or <c>:smile:</c>.</param>
    /// <param name="emoji">The emoji, when known.</param>
    /// <returns>Whether the shortcode is known.</returns>
    public static bool TryGetEmoji(string? shortcode, [NotNullWhen(true)] out string? emoji)
    {
        emoji = null;
        if (string.IsNullOrEmpty(shortcode))
        {
            return false;
        }

        var name = shortcode.Length > 2 && shortcode[0] == ':' && shortcode[^1] == ':' ? shortcode[1..^1] : shortcode;
        return EmojiShortcodes.ByName.TryGetValue(name, out emoji);
    }

    /// <summary>Shortcodes that start with <paramref name="prefix"/> (an emoji picker's search, a composer's completion), alphabetically.</summary>
    /// <param name="prefix">What was typed after the colon.</param>
    /// <param name="limit">At most this many results.</param>
    /// <returns>The matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public static IReadOnlyList<EmojiShortcode> SearchShortcodes(string prefix, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var names = EmojiShortcodes.Names;
        var at = Array.BinarySearch(names, prefix, StringComparer.Ordinal);
        var results = new List<EmojiShortcode>();
        for (var i = at < 0 ? ~at : at; i < names.Length && results.Count < limit && names[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            results.Add(new EmojiShortcode(names[i], EmojiShortcodes.ByName[names[i]]));
        }

        return results;
    }

    /// <summary>
    /// Shortcodes whose name contains <paramref name="query"/>, for an emoji picker's search box: names that start with
    /// it first, then names with a later word (after <c>_</c>) that starts with it, then any other match; alphabetically
    /// within each group. Colons around the query are ignored and it is matched ignoring case.
    /// </summary>
    /// <param name="query">What the user typed, e.g. <c>heart</c> (finds <c>heart</c>, <c>heart_eyes</c>, then <c>broken_heart</c>…).</param>
    /// <param name="limit">At most this many results.</param>
    /// <returns>The matches; none for an empty query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public static IReadOnlyList<EmojiShortcode> FindShortcodes(string query, int limit = 48)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var needle = query.Trim().Trim(':').ToLowerInvariant();
        if (needle.Length == 0)
        {
            return [];
        }

        var starts = new List<string>();
        var words = new List<string>();
        var inside = new List<string>();
        foreach (var name in EmojiShortcodes.Names)
        {
            var at = name.IndexOf(needle, StringComparison.Ordinal);
            if (at == 0)
            {
                starts.Add(name);
            }
            else if (at > 0)
            {
                (name.Contains("_" + needle, StringComparison.Ordinal) ? words : inside).Add(name);
            }
        }

        return [.. starts.Concat(words).Concat(inside).Take(limit).Select(n => new EmojiShortcode(n, EmojiShortcodes.ByName[n]))];
    }

    /// <summary>Wraps text in spoiler markers (<c>||text||</c>), which receiving clients hide until clicked.</summary>
    /// <param name="text">The hidden text.</param>
    /// <returns>The Markdown source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Spoiler(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "||" + text + "||";
    }

    /// <summary>A reaction's canonical form: a known <c>:shortcode:</c> becomes its emoji, so both count as one.</summary>
    internal static string NormalizeReaction(string emoji) => TryGetEmoji(emoji, out var known) && emoji.StartsWith(':') ? known : emoji;

    private static (string Text, bool Action) ApplyCommand(string input)
    {
        if (input.Length < 2 || input[0] != '/')
        {
            return (input, false);
        }

        var space = input.IndexOfAny([' ', '\n']);
        var command = space < 0 ? input[1..] : input[1..space];
        var rest = space < 0 ? string.Empty : input[(space + 1)..].Trim();
        return command switch
        {
            "shrug" => (Append(rest, Shrug), false),
            "tableflip" => (Append(rest, TableFlip), false),
            "me" when rest.Length > 0 => (rest, true),
            _ => (input, false),
        };
    }

    private static string Append(string text, string emoticon) => text.Length == 0 ? emoticon : text + " " + emoticon;

    [GeneratedRegex(@":([a-z0-9_+\-]{1,64}):", RegexOptions.CultureInvariant)]
    private static partial Regex ShortcodePattern();
}
