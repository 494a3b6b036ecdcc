namespace Chatalot.Client;

/// <summary>A <c>:shortcode:</c> and the emoji it stands for.</summary>
/// <param name="Shortcode">The name without colons, e.g. <c>smile</c>.</param>
/// <param name="Emoji">The emoji, e.g. 😄.</param>
public sealed record EmojiShortcode(string Shortcode, string Emoji);
