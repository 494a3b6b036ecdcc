using System.Text;
using Chatalot.Protocol.Content;

namespace Chatalot.Protocol.Tests.Content;

/// <summary>The optional members of content.md §3.3 (mentions of everyone/here, actions, forwards) and the bookmark payloads of §6.3.</summary>
public class ConversationMembersCodecTests
{
    private static readonly MessageRef Target = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private static MessageContent Bound(MessageContent content) => content with
    {
        Conversation = new ConversationRef(ConversationKind.Channel, Guid.NewGuid()),
        Sender = new ContentSender(Guid.NewGuid(), 3),
        ClientMessageId = Guid.CreateVersion7(),
        SentAt = DateTimeOffset.UnixEpoch.AddDays(20_000),
    };

    private static string Json(byte[] padded) => Encoding.UTF8.GetString(padded.AsSpan().TrimEnd((byte)0)[..^1]);

    [Fact]
    public void ForwardedActionAndMassMentions_RoundTrip_UnderTheirSnakeCaseNames()
    {
        var from = new ForwardedFrom(Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddDays(19_000), Guid.NewGuid());
        var content = Bound(MessageContent.CreateText("waves") with { Action = true, MentionsEveryone = true, MentionsHere = true, ForwardedFrom = from });

        var encoded = ContentCodec.Encode(content);
        var json = Json(encoded);
        var decoded = ContentCodec.Decode(encoded);

        Assert.Contains("\"forwarded_from\":{\"sender_id\":", json, StringComparison.Ordinal);
        Assert.Contains("\"action\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"mentions_everyone\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"mentions_here\":true", json, StringComparison.Ordinal);
        Assert.Equal(from, decoded.ForwardedFrom);
        Assert.True(decoded.Action);
        Assert.Equal(encoded, ContentCodec.Encode(decoded));
    }

    [Fact]
    public void AbsentOptionalMembers_AreOmitted_SoOlderContentEncodesAsBefore()
    {
        var json = Json(ContentCodec.Encode(Bound(MessageContent.CreateText("plain"))));
        Assert.DoesNotContain("forwarded_from", json, StringComparison.Ordinal);
        Assert.DoesNotContain("action", json, StringComparison.Ordinal);
        Assert.DoesNotContain("mentions_", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ForwardedFrom_OfADm_OmitsTheChannel()
    {
        var decoded = ContentCodec.Decode(ContentCodec.Encode(Bound(MessageContent.CreateText("fwd") with { ForwardedFrom = new ForwardedFrom(Guid.NewGuid(), DateTimeOffset.UnixEpoch) })));
        Assert.Null(decoded.ForwardedFrom!.ChannelId);
    }

    public static TheoryData<string, MessageContent> RuleBreakers => new()
    {
        { "forwarded reaction", MessageContent.CreateReaction(Target, "👍") with { ForwardedFrom = new ForwardedFrom(Guid.NewGuid(), DateTimeOffset.UnixEpoch) } },
        { "forwarded reply", MessageContent.CreateReply(Target, "re") with { ForwardedFrom = new ForwardedFrom(Guid.NewGuid(), DateTimeOffset.UnixEpoch) } },
        { "action vote", MessageContent.CreatePollVote(Target, [0]) with { Action = true } },
    };

    [Theory]
    [MemberData(nameof(RuleBreakers))]
    public void Encode_RefusesTheNewMembersOnKindsWithoutText(string rule, MessageContent content)
    {
        var ex = Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bound(content)));
        Assert.True(ex.Code == ContentFormatException.InvalidCode, rule);
    }

    private static DevicePayload Bookmark(string kind, string? note = null, MessageRef? target = null, DateTimeOffset? at = null) => new()
    {
        Kind = kind,
        Sender = new ContentSender(Guid.NewGuid(), 2),
        Conversation = new ConversationRef(ConversationKind.Dm, Guid.NewGuid()),
        Target = target ?? Target,
        Note = note,
        SentAt = at ?? DateTimeOffset.UnixEpoch.AddDays(20_000),
    };

    [Theory]
    [InlineData(DevicePayloadKind.BookmarkAdd, "read later")]
    [InlineData(DevicePayloadKind.BookmarkAdd, null)]
    [InlineData(DevicePayloadKind.BookmarkRemove, null)]
    public void BookmarkPayloads_RoundTrip_ForADmToo(string kind, string? note)
    {
        var payload = Bookmark(kind, note);
        var decoded = ContentCodec.DecodeDevicePayload(ContentCodec.Encode(payload));
        Assert.Equal(kind, decoded.Kind);
        Assert.Equal(Target, decoded.Target);
        Assert.Equal(note, decoded.Note);
        Assert.Equal(payload.SentAt, decoded.SentAt);
        Assert.Equal(ConversationKind.Dm, decoded.Conversation.Kind);
    }

    [Fact]
    public void BookmarkPayloads_WithoutTargetOrTime_OrWithATooLongNote_AreInvalid()
    {
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bookmark(DevicePayloadKind.BookmarkAdd) with { Target = null })).Code);
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bookmark(DevicePayloadKind.BookmarkRemove) with { SentAt = null })).Code);
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bookmark(DevicePayloadKind.BookmarkAdd, new string('n', ChatalotLimits.BookmarkNoteMaxLength + 1)))).Code);
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(Bookmark(DevicePayloadKind.BookmarkRemove, "a note on a removal"))).Code);
    }

    [Fact]
    public void BookmarkSyncRequest_NamesNoConversationOrMessage()
    {
        var request = new DevicePayload { Kind = DevicePayloadKind.BookmarkSyncRequest, Sender = new ContentSender(Guid.NewGuid(), 3), Conversation = ConversationRef.None };
        Assert.Equal(ConversationRef.None, ContentCodec.DecodeDevicePayload(ContentCodec.Encode(request)).Conversation);
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(request with { Conversation = new ConversationRef(ConversationKind.Channel, Guid.NewGuid()) })).Code);
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(request with { Target = Target })).Code);
    }

    [Fact]
    public void KeyPayloads_StillBelongToChannelsOnly()
    {
        var dmKey = new DevicePayload
        {
            Kind = DevicePayloadKind.KeyRequest,
            Sender = new ContentSender(Guid.NewGuid(), 2),
            Conversation = new ConversationRef(ConversationKind.Dm, Guid.NewGuid()),
            ChainId = 1,
            Iteration = 0,
            RequestId = Guid.NewGuid(),
        };
        Assert.Equal(ContentFormatException.InvalidCode, Assert.Throws<ContentFormatException>(() => ContentCodec.Encode(dmKey)).Code);
    }

    [Fact]
    public void BookmarkToString_NeverShowsTheNote() =>
        Assert.DoesNotContain("secret plan", Bookmark(DevicePayloadKind.BookmarkAdd, "secret plan").ToString(), StringComparison.Ordinal);
}
