namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// Recognises the image formats the server relays (PNG, JPEG, GIF, WebP) and MP4 video by their first bytes, so a
/// remote site cannot pass off another kind of file (HTML, a script) under an image media type.
/// </summary>
internal static class ImageSignature
{
    /// <summary>The media type the bytes really are, among those relayed, or <see langword="null"/>.</summary>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return "video/mp4";
        }

        return null;
    }
}
