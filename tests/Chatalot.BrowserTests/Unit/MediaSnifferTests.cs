using System.Text;
using Chatalot.Samples.Web.Media;

namespace Chatalot.BrowserTests.Unit;

/// <summary>What the web app renders inline: the claimed type must be one it shows and the bytes must agree (content.md §3.1).</summary>
public sealed class MediaSnifferTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8];
    private static readonly byte[] Gif = [.. "GIF89a"u8, 2, 0, 2, 0];
    private static readonly byte[] Webp = [.. "RIFF"u8, 1, 2, 3, 4, .. "WEBPVP8 "u8];
    private static readonly byte[] Webm = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81];
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, .. "ftypisom"u8];
    private static readonly byte[] Ogg = [.. "OggS"u8, 0, 2];
    private static readonly byte[] Wav = [.. "RIFF"u8, 1, 2, 3, 4, .. "WAVEfmt "u8];

    public static TheoryData<string, byte[], MediaKind> Cases => new()
    {
        { "image/png", Png, MediaKind.Image },
        { "image/jpeg", Jpeg, MediaKind.Image },
        { "image/gif", Gif, MediaKind.Image },
        { "image/webp", Webp, MediaKind.Image },
        { "video/webm", Webm, MediaKind.Video },
        { "video/mp4", Mp4, MediaKind.Video },
        { "audio/ogg", Ogg, MediaKind.Audio },
        { "audio/wav", Wav, MediaKind.Audio },
        { "audio/mpeg", [.. "ID3"u8, 4, 0], MediaKind.Audio },
        // Claimed types that do not match their bytes: a file card.
        { "image/png", Encoding.UTF8.GetBytes("<html><script>alert(1)</script>"), MediaKind.File },
        { "image/png", Jpeg, MediaKind.File },
        { "image/webp", Wav, MediaKind.File },
        { "video/mp4", Webm, MediaKind.File },
        { "image/png", [], MediaKind.File },
        { "image/png", Png[..4], MediaKind.File },
        // Types never rendered inline, whatever the bytes.
        { "image/svg+xml", Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), MediaKind.File },
        { "text/html", Png, MediaKind.File },
        { "application/xml", Png, MediaKind.File },
        { "application/pdf", Encoding.UTF8.GetBytes("%PDF-1.7"), MediaKind.File },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_RendersInlineOnlyWhenTypeAndSignatureAgree(string mediaType, byte[] header, MediaKind expected) =>
        Assert.Equal(expected, MediaSniffer.Decide(mediaType, header));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(100L * 1024 * 1024, "100 MB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3 GB")]
    public void FormatSize_IsShortAndInvariant(long bytes, string expected) => Assert.Equal(expected, MediaSniffer.FormatSize(bytes));
}
