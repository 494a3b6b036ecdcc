using System.Text;
using Chatalot.Protocol.Content;

namespace Chatalot.Protocol.Tests.Content;

/// <summary>The media members of content.md §3.1 and §3.6: attachment dimensions, duration and GIF flag, link previews, media types.</summary>
public class MediaMembersCodecTests
{
    private static readonly AttachmentRef File = new(Guid.NewGuid(), new byte[32], new byte[32], 1234, "image/png", "cat.png");

    private static MessageContent Bound(MessageContent content) => content with
    {
        Conversation = new ConversationRef(ConversationKind.Channel, Guid.NewGuid()),
        Sender = new ContentSender(Guid.NewGuid(), 3),
        ClientMessageId = Guid.CreateVersion7(),
        SentAt = DateTimeOffset.UnixEpoch.AddDays(20_000),
    };

    private static string Json(byte[] padded) => Encoding.UTF8.GetString(padded.AsSpan().TrimEnd((byte)0)[..^1]);

    [Fact]
    public void AttachmentMediaMembers_AndLinkPreviews_RoundTrip_UnderTheirSnakeCaseNames()
    {
        var gif = File with { MediaType = "image/gif", Width = 480, Height = 270, DurationMs = 2500, Gif = true };
        var preview = new LinkPreview("https://example.com/a", "Title", "Description", "Example", new AttachmentThumbnail([1, 2, 3], "image/webp", 64, 36));
        var content = Bound(MessageContent.CreateText("see https://example.com/a") with { Attachments = [gif], LinkPreviews = [preview] });

        var encoded = ContentCodec.Encode(content);
        var json = Json(encoded);
        var decoded = ContentCodec.Decode(encoded);

        Assert.Contains("\"width\":480,\"height\":270,\"duration_ms\":2500,\"gif\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"link_previews\":[{\"url\":\"https://example.com/a\",\"title\":\"Title\"", json, StringComparison.Ordinal);
        var back = Assert.Single(decoded.Attachments!);
        Assert.Equal((480, 270, 2500L, true), (back.Width, back.Height, back.DurationMs, back.Gif));
        Assert.Equal(preview.Title, Assert.Single(decoded.LinkPreviews!).Title);
        Assert.Equal(encoded, ContentCodec.Encode(decoded));
    }

    [Fact]
    public void AbsentMediaMembers_AreOmitted_SoOlderContentEncodesAsBefore()
    {
        var json = Json(ContentCodec.Encode(Bound(MessageContent.CreateText("plain") with { Attachments = [File] })));
        Assert.DoesNotContain("width", json, StringComparison.Ordinal);
        Assert.DoesNotContain("duration_ms", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"gif\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("link_previews", json, StringComparison.Ordinal);
    }

    public static TheoryData<string, MessageContent> RuleBreakers => new()
    {
        { "preview of a link not in the text", MessageContent.CreateText("no link here") with { LinkPreviews = [new LinkPreview("https://example.com/")] } },
        { "plain-http preview", MessageContent.CreateText("http://example.com/") with { LinkPreviews = [new LinkPreview("http://example.com/")] } },
        { "four previews", MessageContent.CreateText("https://a.example/") with { LinkPreviews = [.. Enumerable.Repeat(new LinkPreview("https://a.example/"), 4)] } },
        { "long title", MessageContent.CreateText("https://a.example/") with { LinkPreviews = [new LinkPreview("https://a.example/", new string('t', 301))] } },
        { "preview on a reaction", MessageContent.CreateReaction(new MessageRef(Guid.NewGuid(), Guid.NewGuid(), null), "👍") with { LinkPreviews = [new LinkPreview("https://a.example/")] } },
        { "oversize preview thumbnail", MessageContent.CreateText("https://a.example/") with { LinkPreviews = [new LinkPreview("https://a.example/", Thumbnail: new AttachmentThumbnail(new byte[ChatalotLimits.ThumbnailMaxBytes + 1], "image/webp", 1, 1))] } },
        { "media type with parameters", MessageContent.CreateText("x") with { Attachments = [File with { MediaType = "text/html; charset=utf-8" }] } },
        { "media type without subtype", MessageContent.CreateText("x") with { Attachments = [File with { MediaType = "image" }] } },
        { "upper-case media type", MessageContent.CreateText("x") with { Attachments = [File with { MediaType = "Image/PNG" }] } },
        { "zero width", MessageContent.CreateText("x") with { Attachments = [File with { Width = 0 }] } },
        { "negative duration", MessageContent.CreateText("x") with { Attachments = [File with { DurationMs = -1 }] } },
    };

    [Theory]
    [MemberData(nameof(RuleBreakers))]
    public void Encode_RefusesMediaMembersThatBreakTheRules(string rule, MessageContent content)
    {
        Assert.False(string.IsNullOrEmpty(rule));
        var error = Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bound(content)));
        Assert.Equal(ContentFormatException.InvalidCode, error.Code);
    }

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true)]
    [InlineData("video/mp4", true)]
    [InlineData("image/svg+xml", true)]
    [InlineData("", false)]
    [InlineData("/png", false)]
    [InlineData("image/", false)]
    [InlineData("image/png ", false)]
    [InlineData("image/p ng", false)]
    public void MediaTypeGrammar(string mediaType, bool wellFormed) => Assert.Equal(wellFormed, MediaTypes.IsWellFormed(mediaType));
}
