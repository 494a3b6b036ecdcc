using Chatalot.Samples.Web.Chat;

namespace Chatalot.Samples.Web.Components;

/// <summary>One entry of the composer's popup: what it shows and what replaces the typed token when chosen.</summary>
public sealed record Suggestion(string Label, string? Detail, string Insert, string? Glyph = null, Chatalot.Protocol.Emoji.CustomEmoji? Custom = null);

/// <summary>
/// What the composer offers for the word at the caret: members after <c>@</c> (and <c>@everyone</c> / <c>@here</c>
/// where allowed), emoji after <c>:</c> and two letters (the SDK's shortcode table), and the SDK composer's slash
/// commands while the message starts with <c>/</c>. Pure: the component asks it on every input.
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
    public static (int Start, IReadOnlyList<Suggestion> Items) Suggest(string text, int caret, IReadOnlyList<MentionCandidate> people, bool canMentionEveryone, IReadOnlyList<Chatalot.Protocol.Emoji.CustomEmoji>? customEmoji)
    {
        caret = Math.Clamp(caret, 0, text.Length);
        var start = caret;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var token = text[start..caret];
        if (start == 0 && token.StartsWith('/') && !text.Contains(' ', StringComparison.Ordinal) && !text.Contains('\n', StringComparison.Ordinal))
        {
            // A command typed in full needs no hint: Enter then sends it (/shrug and /tableflip work alone).
            return (0, [.. Commands.Where(c => c.Label.StartsWith(token, StringComparison.OrdinalIgnoreCase) && !c.Label.Equals(token, StringComparison.OrdinalIgnoreCase))]);
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
}
