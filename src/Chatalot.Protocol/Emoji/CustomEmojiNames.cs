namespace Chatalot.Protocol.Emoji;

/// <summary>The custom emoji name rule: <c>[a-z0-9_]</c>, <see cref="ChatalotLimits.EmojiNameMinLength"/> to <see cref="ChatalotLimits.EmojiNameMaxLength"/> characters.</summary>
public static class CustomEmojiNames
{
    /// <summary>Whether <paramref name="name"/> (without colons) is a valid custom emoji name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it follows the rule.</returns>
    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is < ChatalotLimits.EmojiNameMinLength or > ChatalotLimits.EmojiNameMaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The name in a <c>:name:</c> token, or null when the token is not one (colons missing, or the name breaks the rule).</summary>
    /// <param name="token">The token, e.g. <c>:party_parrot:</c>.</param>
    /// <returns>The name without colons, or null.</returns>
    public static string? FromToken(string? token) =>
        token is { Length: > 2 } && token[0] == ':' && token[^1] == ':' && IsValid(token[1..^1]) ? token[1..^1] : null;
}
