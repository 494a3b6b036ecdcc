using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Protocol.Tests.Profiles;

public sealed class ProfileImagesTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    private static readonly byte[] Gif87 = "GIF87a\u0001\u0000"u8.ToArray();
    private static readonly byte[] Gif89 = "GIF89a\u0001\u0000"u8.ToArray();
    private static readonly byte[] Webp = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 "u8.ToArray();

    public static TheoryData<byte[], string> Signatures => new()
    {
        { Png, ProfileImages.Png },
        { Jpeg, ProfileImages.Jpeg },
        { Gif87, ProfileImages.Gif },
        { Gif89, ProfileImages.Gif },
        { Webp, ProfileImages.Webp },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Detect_KnowsEachAcceptedSignature(byte[] data, string mediaType)
    {
        Assert.Equal(mediaType, ProfileImages.Detect(data));
        Assert.True(ProfileImages.Matches(mediaType, data));
    }

    public static TheoryData<byte[]> Forgeries => new()
    {
        "<html><script>alert(1)</script>"u8.ToArray(),
        "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray(),
        new byte[] { (byte)'M', (byte)'Z', 0x90, 0 },
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' },
        "%PDF-1.7"u8.ToArray(),
        "RIFF\u0024\u0000\u0000\u0000WAVEfmt "u8.ToArray(),
        "\u0089PNG\r\n\u001a\n"u8.ToArray(), // the UTF-8 of U+0089, not the byte 0x89
        new byte[] { 0x89, 0x50, 0x4E, 0x47 }, // a truncated PNG signature
        new byte[] { 0xFF, 0xD8 },
        "GIF88a"u8.ToArray(),
        Array.Empty<byte>(),
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Detect_RefusesWhatIsNotAnAcceptedImage(byte[] data)
    {
        Assert.Null(ProfileImages.Detect(data));
        Assert.False(ProfileImages.Matches(ProfileImages.Png, data));
    }

    [Fact]
    public void Matches_RefusesAnImageOfAnotherType_AndAnUnknownClaim()
    {
        Assert.False(ProfileImages.Matches(ProfileImages.Jpeg, Png));
        Assert.False(ProfileImages.Matches("image/svg+xml", Png));
        Assert.False(ProfileImages.Matches(null, Png));
    }

    [Fact]
    public void AcceptedTypes_ProfilesTakeJpeg_EmojiDoNot()
    {
        Assert.All([ProfileImages.Png, ProfileImages.Jpeg, ProfileImages.Gif, ProfileImages.Webp], t => Assert.True(ProfileImages.IsProfileImageType(t)));
        Assert.False(ProfileImages.IsEmojiType(ProfileImages.Jpeg));
        Assert.All(["image/svg+xml", "text/html", "IMAGE/PNG", "image/png; charset=x", null], t => Assert.False(ProfileImages.IsProfileImageType(t)));
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("party_parrot", true)]
    [InlineData("a1_b2", true)]
    [InlineData("__", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Party", false)]
    [InlineData("has-dash", false)]
    [InlineData("has space", false)]
    [InlineData(":colons:", false)]
    [InlineData("émoji", false)]
    public void EmojiNames_FollowTheRule(string? name, bool valid) => Assert.Equal(valid, CustomEmojiNames.IsValid(name));

    [Theory]
    [InlineData(":party_parrot:", "party_parrot")]
    [InlineData("party_parrot", null)]
    [InlineData(":Bad:", null)]
    [InlineData("::", null)]
    [InlineData(":x:", null)]
    public void EmojiTokens_YieldTheirName(string token, string? name) => Assert.Equal(name, CustomEmojiNames.FromToken(token));
}
