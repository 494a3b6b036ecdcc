namespace Chatalot.Protocol.Profiles;

/// <summary>
/// The image types profile images and custom emoji accept, and the signature check both sides run: a server stores an
/// image only when its first bytes are of the type its <c>Content-Type</c> claims (so HTML or an executable sent as
/// <c>image/png</c> is refused), and a client checks the same before it uploads.
/// </summary>
public static class ProfileImages
{
    /// <summary><c>image/png</c>.</summary>
    public const string Png = "image/png";

    /// <summary><c>image/jpeg</c>.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary><c>image/gif</c>.</summary>
    public const string Gif = "image/gif";

    /// <summary><c>image/webp</c>.</summary>
    public const string Webp = "image/webp";

    // A C# "\x89" would be U+0089 (two bytes in UTF-8), so the PNG signature is spelled out.
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Default largest avatar, in bytes (2 MiB; servers may configure another).</summary>
    public const int AvatarMaxBytes = 2 * 1024 * 1024;

    /// <summary>Default largest banner, in bytes (4 MiB; servers may configure another).</summary>
    public const int BannerMaxBytes = 4 * 1024 * 1024;

    /// <summary>Default largest custom emoji image, in bytes (256 KiB; servers may configure another).</summary>
    public const int EmojiMaxBytes = 256 * 1024;

    /// <summary>Whether avatars and banners accept <paramref name="mediaType"/>: PNG, JPEG, GIF or WebP.</summary>
    /// <param name="mediaType">The media type, lower case without parameters.</param>
    /// <returns>Whether it is accepted.</returns>
    public static bool IsProfileImageType(string? mediaType) => mediaType is Png or Jpeg or Gif or Webp;

    /// <summary>Whether custom emoji accept <paramref name="mediaType"/>: PNG, GIF or WebP.</summary>
    /// <param name="mediaType">The media type, lower case without parameters.</param>
    /// <returns>Whether it is accepted.</returns>
    public static bool IsEmojiType(string? mediaType) => mediaType is Png or Gif or Webp;

    /// <summary>
    /// The image type the bytes' signature shows (PNG, JPEG, GIF87a/89a or RIFF/WebP), or null when they start like
    /// none of them. Only the signature is read: it tells a forged type apart, it does not prove the image decodes.
    /// </summary>
    /// <param name="data">The image bytes (the first 12 are enough).</param>
    /// <returns>The detected media type, or null.</returns>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature))
        {
            return Png;
        }

        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        return null;
    }

    /// <summary>Whether the bytes' signature matches the claimed media type.</summary>
    /// <param name="mediaType">The claimed media type.</param>
    /// <param name="data">The image bytes.</param>
    /// <returns>Whether they match.</returns>
    public static bool Matches(string? mediaType, ReadOnlySpan<byte> data) => mediaType is not null && Detect(data) == mediaType;
}
