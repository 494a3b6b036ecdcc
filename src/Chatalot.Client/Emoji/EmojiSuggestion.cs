using Chatalot.Protocol.Emoji;

namespace Chatalot.Client;

/// <summary>One emoji picker or completion suggestion: a standard shortcode with its emoji, or a community's custom emoji.</summary>
/// <param name="Shortcode">The name without colons, e.g. <c>smile</c> or <c>party_parrot</c>.</param>
/// <param name="Emoji">The Unicode emoji of a standard shortcode; null for a custom emoji.</param>
/// <param name="Custom">The custom emoji (show its image, from <c>client.Emoji.GetImageAsync</c>); null for a standard shortcode.</param>
public sealed record EmojiSuggestion(string Shortcode, string? Emoji, CustomEmoji? Custom)
{
    /// <summary>What to insert into the composer: the emoji itself, or <c>:name:</c> for a custom emoji.</summary>
    public string Insert => Emoji ?? ":" + Shortcode + ":";
}
