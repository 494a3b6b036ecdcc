namespace Chatalot.Protocol.Content;

/// <summary>The media type grammar attachments and thumbnails must follow (content.md §3.1).</summary>
public static class MediaTypes
{
    /// <summary>
    /// Whether <paramref name="mediaType"/> is <c>type/subtype</c> of RFC 6838 restricted-name characters, with no
    /// parameters, lower-case: what a sender must write. A receiver still decides for itself what it renders inline
    /// (the type is the sender's claim, not a fact about the bytes).
    /// </summary>
    /// <param name="mediaType">The claimed media type.</param>
    /// <returns>Whether it is well formed.</returns>
    public static bool IsWellFormed(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType) || mediaType.Length > ChatalotLimits.MediaTypeMaxLength)
        {
            return false;
        }

        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < mediaType.Length - 1
            && IsRestrictedName(mediaType.AsSpan(0, slash)) && IsRestrictedName(mediaType.AsSpan(slash + 1));
    }

    private static bool IsRestrictedName(ReadOnlySpan<char> name)
    {
        if (name.Length > 127 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('!' or '#' or '$' or '&' or '-' or '^' or '_' or '.' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}
