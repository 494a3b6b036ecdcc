using System.Text;
using Chatalot.Protocol.Content;
using CsCheck;

namespace Chatalot.Protocol.Tests.Content;

public class ContentCodecTests
{
    private static readonly MessageRef Target = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private static MessageContent Bound(MessageContent content) => content with
    {
        Conversation = new ConversationRef(ConversationKind.Channel, Guid.NewGuid()),
        Sender = new ContentSender(Guid.NewGuid(), 7),
        ClientMessageId = Guid.CreateVersion7(),
        SentAt = DateTimeOffset.UnixEpoch.AddDays(20_000),
    };

    public static TheoryData<string> EveryKind => new()
    {
        ContentKind.Text, ContentKind.Reply, ContentKind.ThreadReply, ContentKind.Edit, ContentKind.Delete, ContentKind.ReactionAdd,
        ContentKind.ReactionRemove, ContentKind.PollCreate, ContentKind.PollVote, ContentKind.PollClose, ContentKind.Pin, ContentKind.Unpin,
    };

    private static MessageContent Sample(string kind) => kind switch
    {
        ContentKind.Text => MessageContent.CreateText("hi", [Guid.NewGuid()]),
        ContentKind.Reply => MessageContent.CreateReply(Target, "re"),
        ContentKind.ThreadReply => MessageContent.CreateThreadReply(Target, "in thread"),
        ContentKind.Edit => MessageContent.CreateEdit(Target, "new text"),
        ContentKind.Delete => MessageContent.CreateDelete(Target),
        ContentKind.ReactionAdd => MessageContent.CreateReaction(Target, "🎉"),
        ContentKind.ReactionRemove => MessageContent.CreateReaction(Target, ":smile:", remove: true),
        ContentKind.PollCreate => MessageContent.CreatePoll(new PollDefinition("Q?", ["a", "b"])),
        ContentKind.PollVote => MessageContent.CreatePollVote(Target, [1]),
        ContentKind.PollClose => MessageContent.CreatePollClose(Target),
        ContentKind.Pin => MessageContent.CreatePin(Target),
        _ => MessageContent.CreatePin(Target, unpin: true),
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void EncodeDecode_RoundTripsEveryKind_PaddedToTheBlock(string kind)
    {
        var content = Bound(Sample(kind));
        var encoded = ContentCodec.Encode(content);
        Assert.Equal(0, encoded.Length % ContentCodec.PaddingBlock);
        var decoded = ContentCodec.Decode(encoded);
        Assert.Equal(kind, decoded.Kind);
        Assert.True(decoded.IsKnownKind);
        Assert.Equal(encoded, ContentCodec.Encode(decoded));
    }

    [Fact]
    public void UnknownKindAndMembers_SurviveDecodeAndEncode()
    {
        var json = Encoding.UTF8.GetString(ContentCodec.Encode(Bound(MessageContent.CreateText("x"))).AsSpan().TrimEnd((byte)0)[..^1])
            .Replace("\"kind\":\"text\"", "\"kind\":\"hologram\",\"depth\":{\"m\":3}", StringComparison.Ordinal);
        var padded = Pad(Encoding.UTF8.GetBytes(json));

        var decoded = ContentCodec.Decode(padded);
        Assert.False(decoded.IsKnownKind);
        Assert.Contains("depth", decoded.Extensions!.Keys);
        Assert.Contains("\"depth\":{\"m\":3}", Encoding.UTF8.GetString(ContentCodec.Encode(decoded)), StringComparison.Ordinal);
    }

    public static TheoryData<string, MessageContent> RuleBreakers => new()
    {
        { "reply without target", MessageContent.CreateText("x") with { Kind = ContentKind.Reply } },
        { "empty text", MessageContent.CreateText(" ") },
        { "text too long", MessageContent.CreateText(new string('a', ChatalotLimits.ContentTextMaxLength + 1)) },
        { "empty reaction", MessageContent.CreateReaction(Target, "") },
        { "one poll option", MessageContent.CreatePoll(new PollDefinition("Q", ["only"])) },
        { "eleven poll options", MessageContent.CreatePoll(new PollDefinition("Q", [.. Enumerable.Range(0, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))])) },
        { "duplicate votes", MessageContent.CreatePollVote(Target, [1, 1]) },
        { "vote out of range", MessageContent.CreatePollVote(Target, [10]) },
        { "too many mentions", MessageContent.CreateText("x", [.. Enumerable.Range(0, ChatalotLimits.ContentMentionsMax + 1).Select(_ => Guid.NewGuid())]) },
        { "short file key", MessageContent.CreateText("x") with { Attachments = [new AttachmentRef(Guid.NewGuid(), new byte[16], new byte[32], 1, "a/b", "f")] } },
    };

    [Theory]
    [MemberData(nameof(RuleBreakers))]
    public void Encode_RefusesContentThatBreaksItsKindsRules(string rule, MessageContent content)
    {
        var error = Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bound(content)));
        Assert.True(error.Code == ContentFormatException.InvalidCode, rule);
    }

    [Fact]
    public void Encode_RefusesUnboundContent() =>
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(MessageContent.CreateText("x"))).Code);

    [Fact]
    public void Decode_ReportsBadPaddingWrongVersionAndNotJson_WithTheirCodes()
    {
        var good = ContentCodec.Encode(Bound(MessageContent.CreateText("x")));
        Assert.Equal(ContentFormatException.MalformedCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Decode(good.AsSpan(0, 100))).Code);
        Assert.Equal(ContentFormatException.MalformedCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Decode(new byte[128])).Code);
        Assert.Equal(ContentFormatException.MalformedCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Decode(Pad("not json"u8.ToArray()))).Code);
        var v2 = Encoding.UTF8.GetString(good.AsSpan().TrimEnd((byte)0)[..^1]).Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal);
        Assert.Equal(ContentFormatException.UnsupportedVersionCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Decode(Pad(Encoding.UTF8.GetBytes(v2)))).Code);
    }

    [Fact]
    public void Decode_UnknownMemberWithUnpairedSurrogate_IsMalformed_NotAJsonExceptionOnReEncode()
    {
        // Found by the content fuzz target: the reader skips over escaped text, so a lone "\udc4d" in an unknown
        // member used to decode fine and then make ContentCodec.Encode throw JsonException.
        var good = Encoding.UTF8.GetString(ContentCodec.Encode(Bound(MessageContent.CreateText("x"))).AsSpan().TrimEnd((byte)0)[..^1]);
        var bad = Pad(Encoding.UTF8.GetBytes(good[..^1] + ",\"later\":\"\\udc4d\"}"));
        Assert.Equal(ContentFormatException.MalformedCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Decode(bad)).Code);

        var kept = Pad(Encoding.UTF8.GetBytes(good[..^1] + ",\"later\":{\"ok\":\"\\ud83d\\ude00\"}}"));
        Assert.True(ContentCodec.Decode(kept).Extensions!.ContainsKey("later"));
    }

    [Fact]
    public void Decode_OfArbitraryBytes_OnlyEverThrowsContentFormatException() =>
        Gen.Byte.Array[0, 600].Select(bytes => bytes.Length > 0 && bytes.Length % 2 == 0 ? Pad(bytes) : bytes).Sample(bytes =>
        {
            try
            {
                ContentCodec.Decode(bytes);
                ContentCodec.DecodeDevicePayload(bytes);
            }
            catch (ContentFormatException)
            {
            }
        }, iter: 2_000);

    [Fact]
    public void EncodeDecode_IsIdentity_ForGeneratedTexts() =>
        Gen.Select(Gen.String[1, 300], Gen.Guid.Array[0, 5]).Sample((text, mentions) =>
        {
            var content = Bound(MessageContent.CreateText("t" + text, mentions));
            var decoded = ContentCodec.Decode(ContentCodec.Encode(content));
            Assert.Equal("t" + text, decoded.Text);
            Assert.Equal(mentions.Length == 0 ? null : mentions, decoded.Mentions?.ToArray());
        }, iter: 300);

    [Fact]
    public void ToString_NeverShowsTextKeysEmojiOrDistributions()
    {
        var content = Bound(MessageContent.CreateText("the secret plan") with
        {
            Attachments = [new AttachmentRef(Guid.NewGuid(), Enumerable.Repeat((byte)0xAB, 32).ToArray(), new byte[32], 1, "a/b", "plan.pdf")],
        });
        var reaction = Bound(MessageContent.CreateReaction(Target, "🤫"));
        var payload = new DevicePayload
        {
            Kind = DevicePayloadKind.SenderKey,
            Sender = new ContentSender(Guid.NewGuid(), 1),
            Conversation = new ConversationRef(ConversationKind.Channel, Guid.NewGuid()),
            ChainId = 1,
            Distribution = Enumerable.Repeat((byte)0xCD, 74).ToArray(),
        };
        var shown = content + " " + content.Attachments![0] + " " + reaction + " " + payload;
        Assert.DoesNotContain("secret plan", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("plan.pdf", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("🤫", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("abab", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdcd", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("q6ur", shown, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Pad(byte[] json)
    {
        var padded = new byte[((json.Length / ContentCodec.PaddingBlock) + 1) * ContentCodec.PaddingBlock];
        json.CopyTo(padded, 0);
        padded[json.Length] = 0x80;
        return padded;
    }
}
