namespace Chatalot.Samples.Web.Media;

/// <summary>How an attachment is shown.</summary>
public enum MediaKind
{
    /// <summary>A card with a Download button: any file whose claimed type is not one shown inline, or whose bytes are not of that type.</summary>
    File,
    Image,
    Video,
    Audio,
}

/// <summary>
/// Decides what is rendered inline (content.md §3.1): the media type is the sender's claim, so a file is shown as an
/// image, a video or audio only when the claimed type is one of the few the app renders <em>and</em> the decrypted bytes
/// start with that format's signature. Anything else, and every HTML, SVG or XML type whatever the bytes, is a file card.
/// </summary>
public static class MediaSniffer
{
    /// <summary>Bytes to read before deciding.</summary>
    public const int HeaderLength = 16;

    /// <summary>What the claimed type would be shown as, before looking at the bytes.</summary>
    public static MediaKind Claimed(string mediaType) => mediaType switch
    {
        "image/png" or "image/jpeg" or "image/gif" or "image/webp" => MediaKind.Image,
        "video/mp4" or "video/webm" => MediaKind.Video,
        "audio/mpeg" or "audio/ogg" or "audio/wav" or "audio/webm" or "audio/mp4" => MediaKind.Audio,
        _ => MediaKind.File,
    };

    /// <summary>How to show a file claimed as <paramref name="mediaType"/> whose plaintext starts with <paramref name="header"/>.</summary>
    public static MediaKind Decide(string mediaType, ReadOnlySpan<byte> header) =>
        Claimed(mediaType) != MediaKind.File && HasSignature(mediaType, header) ? Claimed(mediaType) : MediaKind.File;

    /// <summary>Whether <paramref name="header"/> starts like a file of type <paramref name="mediaType"/>.</summary>
    public static bool HasSignature(string mediaType, ReadOnlySpan<byte> header) => mediaType switch
    {
        "image/png" => header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/gif" => header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8),
        "image/webp" => Riff(header, "WEBP"u8),
        "audio/wav" => Riff(header, "WAVE"u8),
        "video/webm" or "audio/webm" => header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]),
        "video/mp4" or "audio/mp4" => header.Length >= 8 && header[4..8].SequenceEqual("ftyp"u8),
        "audio/ogg" => header.StartsWith("OggS"u8),
        "audio/mpeg" => header.StartsWith("ID3"u8) || (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0),
        _ => false,
    };

    private static bool Riff(ReadOnlySpan<byte> header, ReadOnlySpan<byte> form) =>
        header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual(form);

    /// <summary>A size for people: 532 B, 14.2 KB, 100 MB.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => bytes + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " GB",
    };
}
