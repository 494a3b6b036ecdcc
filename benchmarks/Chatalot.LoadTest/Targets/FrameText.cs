using System.Buffers.Text;
using System.Text;

namespace Chatalot.LoadTest.Targets;

/// <summary>Minimal, allocation-free scanning of the few JSON members the load tool reads from server frames.</summary>
internal static class FrameText
{
    /// <summary>The string value following <paramref name="prefix"/> (e.g. <c>"type":"</c>) up to the next quote.</summary>
    public static ReadOnlySpan<byte> StringAfter(ReadOnlySpan<byte> json, ReadOnlySpan<byte> prefix)
    {
        var at = json.IndexOf(prefix);
        if (at < 0)
        {
            return default;
        }

        var rest = json[(at + prefix.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }

    public static long ParseLong(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out long value, out _) ? value : -1;

    /// <summary>Decodes base64url into <paramref name="destination"/>; returns the number of bytes or -1.</summary>
    public static int DecodeBase64Url(ReadOnlySpan<byte> base64Url, Span<byte> destination) =>
        Base64Url.TryDecodeFromUtf8(base64Url, destination, out var written) ? written : -1;

    public static string EncodeBase64Url(ReadOnlySpan<byte> payload) => Base64Url.EncodeToString(payload);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
