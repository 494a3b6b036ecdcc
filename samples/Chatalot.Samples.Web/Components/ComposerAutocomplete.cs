using Chatalot.Protocol.Bots;
using Chatalot.Samples.Web.Chat;

namespace Chatalot.Samples.Web.Components;

/// <summary>One entry of the composer's popup: what it shows and what replaces the typed token when chosen.</summary>
/// <remarks>A bot command has its <paramref name="Usage"/> (its arguments) and <paramref name="Source"/> (the bot's name).</remarks>
public sealed record Suggestion(string Label, string? Detail, string Insert, string? Glyph = null, Chatalot.Protocol.Emoji.CustomEmoji? Custom = null, string? Usage = null, string? Source = null);

/// <summary>
/// What the composer offers for the word at the caret: members after <c>@</c> (and <c>@everyone</c> / <c>@here</c>
/// where allowed), emoji after <c>:</c> and two letters (the SDK's shortcode table), the SDK composer's slash
/// commands while the message starts with <c>/</c>, and the commands the community's bots published while it starts
/// with one of their prefixes. Pure: the component asks it on every input.
/// </summary>
public static class ComposerAutocomplete
{
    public const int MaxSuggestions = 8;

    public static readonly IReadOnlyList<Suggestion> Commands =
    [
        new("/shrug", "[text] — appends " + Chatalot.Client.Composer.Shrug.Replace("\\", "", StringComparison.Ordinal), "/shrug "),
        new("/tableflip", "[text] — appends " + Chatalot.Client.Composer.TableFlip, "/tableflip "),
        new("/me", "<action> — says it in italics after your name", "/me "),
    ];

    /// <summary>The token being completed: where it starts, and the suggestions (empty when nothing applies).</summary>
    public static (int Start, IReadOnlyList<Suggestion> Items) Suggest(string text, int caret, IReadOnlyList<MentionCandidate> people, bool canMentionEveryone) =>
        Suggest(text, caret, people, canMentionEveryone, null);

    /// <summary>As <see cref="Suggest(string, int, IReadOnlyList{MentionCandidate}, bool)"/>, with the conversation's community's custom emoji offered after <c>:</c> (the SDK's <c>Composer.FindEmoji</c>).</summary>
    public static (int Start, IReadOnlyList<Suggestion> Items) Suggest(string text, int caret, IReadOnlyList<MentionCandidate> people, bool canMentionEveryone, IReadOnlyList<Chatalot.Protocol.Emoji.CustomEmoji>? customEmoji) =>
        Suggest(text, caret, people, canMentionEveryone, customEmoji, [], null);

    /// <summary>
    /// As <see cref="Suggest(string, int, IReadOnlyList{MentionCandidate}, bool, IReadOnlyList{Chatalot.Protocol.Emoji.CustomEmoji})"/>,
    /// with the commands of <paramref name="botCommands"/> offered while the message is one word that starts with a
    /// bot's prefix (named by <paramref name="botName"/>, else by user name).
    /// </summary>
    public static (int Start, IReadOnlyList<Suggestion> Items) Suggest(string text, int caret, IReadOnlyList<MentionCandidate> people, bool canMentionEveryone,
        IReadOnlyList<Chatalot.Protocol.Emoji.CustomEmoji>? customEmoji, IReadOnlyList<MemberCommandList> botCommands, Func<Guid, string?>? botName)
    {
        caret = Math.Clamp(caret, 0, text.Length);
        var start = caret;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var token = text[start..caret];
        var oneWord = start == 0 && !text.Any(char.IsWhiteSpace);
        var fromBots = oneWord ? BotCommands(token, botCommands, botName) : [];
        if (oneWord && token.StartsWith('/'))
        {
            // A command typed in full needs no hint: Enter then sends it (/shrug and /tableflip work alone).
            return (0, [.. Commands.Where(c => c.Label.StartsWith(token, StringComparison.OrdinalIgnoreCase) && !c.Label.Equals(token, StringComparison.OrdinalIgnoreCase))
                .Concat(fromBots).Take(MaxSuggestions)]);
        }

        if (fromBots.Count > 0)
        {
            return (0, fromBots);
        }

        if (token.StartsWith('@'))
        {
            var query = token[1..];
            var items = people
                .Where(p => p.Username.StartsWith(query, StringComparison.OrdinalIgnoreCase) || p.DisplayName.StartsWith(query, StringComparison.OrdinalIgnoreCase)
                    || p.DisplayName.Contains(" " + query, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Username, StringComparer.OrdinalIgnoreCase)
                .Select(p => new Suggestion("@" + p.Username, p.DisplayName, "@" + p.Username + " "))
                .ToList();
            if (canMentionEveryone)
            {
                items.AddRange(new[] { ("everyone", "everyone in this channel"), ("here", "everyone online in this channel") }
                    .Where(b => b.Item1.StartsWith(query, StringComparison.OrdinalIgnoreCase))
                    .Select(b => new Suggestion("@" + b.Item1, b.Item2, "@" + b.Item1 + " ")));
            }

            return (start, items.Take(MaxSuggestions).ToList());
        }

        if (token.Length >= 3 && token[0] == ':' && token.IndexOf(':', 1) < 0)
        {
            if (customEmoji is not { Count: > 0 })
            {
                return (start, [.. Chatalot.Client.Composer.SearchShortcodes(token[1..].ToLowerInvariant(), MaxSuggestions).Select(e => new Suggestion(":" + e.Shortcode + ":", null, e.Emoji + " ", e.Emoji))]);
            }

            return (start, [.. Chatalot.Client.Composer.FindEmoji(token[1..], customEmoji, MaxSuggestions)
                .Select(e => new Suggestion(":" + e.Shortcode + ":", e.Custom is null ? null : "this community", e.Insert + " ", e.Emoji, e.Custom))]);
        }

        return (start, []);
    }

    /// <summary>
    /// The published commands <paramref name="token"/> (the message's only word) may start: those of every list whose
    /// prefix it starts with, by name, then bot. One typed in full is left out, so Enter sends it, as for slash commands.
    /// </summary>
    private static List<Suggestion> BotCommands(string token, IReadOnlyList<MemberCommandList> lists, Func<Guid, string?>? botName) =>
        [.. lists
            .Where(l => l.Prefix.Length > 0 && token.StartsWith(l.Prefix, StringComparison.Ordinal))
            .SelectMany(l => l.Commands
                .Where(c => c.Name.StartsWith(token[l.Prefix.Length..], StringComparison.OrdinalIgnoreCase) && !c.Name.Equals(token[l.Prefix.Length..], StringComparison.OrdinalIgnoreCase))
                .Select(c => new Suggestion(l.Prefix + c.Name, c.Summary, l.Prefix + c.Name + " ", Usage: UsageOf(c), Source: botName?.Invoke(l.UserId) ?? l.Username)))
            .OrderBy(s => s.Label, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => s.Source, StringComparer.OrdinalIgnoreCase)
            .Take(MaxSuggestions)];

    /// <summary>The arguments as a usage line: <c>&lt;required&gt; [optional]</c>; null when there are none.</summary>
    private static string? UsageOf(PublishedCommand command) =>
        command.Arguments is { Count: > 0 } arguments
            ? string.Join(' ', arguments.Select(a => a.Optional ? "[" + a.Name + "]" : "<" + a.Name + ">"))
            : null;
}
