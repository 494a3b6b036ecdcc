using System.Text.Json;

namespace Chatalot.Protocol.Content.Internal;

/// <summary>The per-kind rules of content.md §3 and §6, checked on encode and on decode.</summary>
internal static class ContentRules
{
    public static void Check(MessageContent content)
    {
        CheckExtensions(content.Extensions);
        Require(!string.IsNullOrEmpty(content.Kind) && content.Kind.Length <= 64, "kind is missing or too long");
        Require(content.Conversation is not null, "conversation is missing");
        Require(content.Sender is not null && content.Sender.DeviceId > 0, "sender is missing");
        Require(content.ClientMessageId != Guid.Empty, "client_message_id is missing");
        Require(content.Text is null || content.Text.Length <= ChatalotLimits.ContentTextMaxLength, "text is too long");
        Require(content.Mentions is null || content.Mentions.Count <= ChatalotLimits.ContentMentionsMax, "too many mentions");
        Require(content.Attachments is null || (content.Attachments.Count <= ChatalotLimits.ContentAttachmentsMax && content.Attachments.All(IsValid)), "attachments are invalid");
        Require(content.LinkPreviews is null || (content.LinkPreviews.Count <= ChatalotLimits.LinkPreviewsMax
            && content.Kind is ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.Edit
            && content.LinkPreviews.All(p => IsValid(p, content.Text))), "link previews are invalid");
        Require(content.ForwardedFrom is null || content.Kind == ContentKind.Text, "only a text is forwarded");
        Require(content.FrankingKey is null || content.FrankingKey.Length == Messages.FrankingFormat.Length, "franking_key must be 32 bytes");
        Require(content.Action is null || content.Kind is ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.Edit, "only a message with text is an action");
        if (!content.IsKnownKind)
        {
            // A later kind: its own rules are not known here, and it is shown as "unsupported message".
            return;
        }

        Require(!ContentKind.NeedsTarget(content.Kind) || content.Target is not null, $"{content.Kind} needs a target");
        switch (content.Kind)
        {
            case ContentKind.Text or ContentKind.Reply or ContentKind.ThreadReply or ContentKind.Edit:
                Require(!string.IsNullOrWhiteSpace(content.Text) || content.Attachments is { Count: > 0 }, $"{content.Kind} needs text or attachments");
                break;
            case ContentKind.ReactionAdd or ContentKind.ReactionRemove:
                Require(!string.IsNullOrWhiteSpace(content.Emoji) && content.Emoji.Length <= ChatalotLimits.ReactionMaxLength, "a reaction needs an emoji");
                break;
            case ContentKind.PollCreate:
                Require(content.Poll is { } poll && IsValid(poll), "the poll is invalid");
                break;
            case ContentKind.PollVote:
                Require(content.Votes is { } votes && votes.Count <= ChatalotLimits.PollOptionsMax
                    && votes.All(v => v is >= 0 and < ChatalotLimits.PollOptionsMax) && votes.Distinct().Count() == votes.Count, "the votes are invalid");
                break;
        }
    }

    public static void Check(DevicePayload payload)
    {
        CheckExtensions(payload.Extensions);
        Require(payload.Sender.DeviceId > 0, "sender is invalid");
        if (payload.Kind is DevicePayloadKind.BookmarkAdd or DevicePayloadKind.BookmarkRemove)
        {
            // A bookmark can be of any conversation, a DM too.
            Require(payload.Target is not null && payload.SentAt is not null, payload.Kind + " needs target and sent_at");
            Require(payload.Note is null || (payload.Kind == DevicePayloadKind.BookmarkAdd && payload.Note.Length <= ChatalotLimits.BookmarkNoteMaxLength), "the note is invalid");
            return;
        }

        if (payload.Kind == DevicePayloadKind.BookmarkSyncRequest)
        {
            Require(payload.Conversation == ConversationRef.None && payload.Target is null && payload.Note is null, "bookmark_sync_request names no conversation or message");
            return;
        }

        if (payload.Kind == DevicePayloadKind.CallSignal)
        {
            // A call can be in a voice channel or a DM.
            Require(payload.Call is { } call && IsValid(call) && payload.Conversation.Id != Guid.Empty, "call_signal needs a valid call");
            return;
        }

        Require(payload.Conversation.Kind == ConversationKind.Channel, "keys belong to channels");
        switch (payload.Kind)
        {
            case DevicePayloadKind.SenderKey:
                Require(payload.Distribution is { Length: > 0 and <= 256 }, "sender_key needs a distribution");
                break;
            case DevicePayloadKind.KeyRequest:
                Require(payload.ChainId is not null && payload.Iteration is not null && payload.RequestId is not null, "key_request needs chain_id, iteration and request_id");
                break;
            case DevicePayloadKind.KeyWithheld:
                Require(payload.ChainId is not null && !string.IsNullOrEmpty(payload.Code) && payload.Code.Length <= 64, "key_withheld needs chain_id and code");
                break;
            default:
                throw new ContentFormatException(ContentFormatException.InvalidCode, "Unknown to-device payload kind.");
        }
    }

    private static bool IsValid(CallSignal call) =>
        call.JoinId != Guid.Empty
        && (call.Sdp?.Length ?? 0) <= ChatalotLimits.CallSdpMaxLength
        && (call.Candidates?.Count ?? 0) <= ChatalotLimits.CallCandidatesMax
        && (call.Candidates?.All(c => c.Candidate.Length <= ChatalotLimits.CallCandidateMaxLength && (c.SdpMid?.Length ?? 0) <= 64 && (c.UsernameFragment?.Length ?? 0) <= 256) ?? true)
        && call.Type switch
        {
            CallSignalType.Offer or CallSignalType.Answer => call.Sdp is { Length: > 0 } && call.TargetJoinId is not null,
            CallSignalType.Candidates => call.Candidates is { Count: > 0 } && call.TargetJoinId is not null,
            CallSignalType.Hangup => call.TargetJoinId is not null,
            CallSignalType.Ring or CallSignalType.Decline => true,
            _ => false,
        };

    private static bool IsValid(PollDefinition poll) =>
        poll.Question.Length is > 0 and <= ChatalotLimits.PollQuestionMaxLength
        && poll.Options.Count is >= ChatalotLimits.PollOptionsMin and <= ChatalotLimits.PollOptionsMax
        && poll.Options.All(o => o.Length is > 0 and <= ChatalotLimits.PollOptionMaxLength);

    private static bool IsValid(AttachmentRef attachment) =>
        attachment.Key.Length == 32 && attachment.Digest.Length == 32 && attachment.Size >= 0
        && attachment.MediaType.Length <= ChatalotLimits.MediaTypeMaxLength && MediaTypes.IsWellFormed(attachment.MediaType)
        && attachment.Name.Length is > 0 and <= ChatalotLimits.AttachmentNameMaxLength
        && IsValid(attachment.Thumbnail)
        && attachment.Width is null or > 0 && attachment.Height is null or > 0 && attachment.DurationMs is null or >= 0;

    private static bool IsValid(AttachmentThumbnail? thumbnail) =>
        thumbnail is null || (thumbnail.Data.Length <= ChatalotLimits.ThumbnailMaxBytes && thumbnail.Width > 0 && thumbnail.Height > 0
            && thumbnail.MediaType.Length <= ChatalotLimits.MediaTypeMaxLength && MediaTypes.IsWellFormed(thumbnail.MediaType));

    /// <summary>A preview's link is an https URL that the text itself contains, so a preview cannot dress up a message that never shows its link.</summary>
    private static bool IsValid(LinkPreview preview, string? text) =>
        preview.Url.Length <= ChatalotLimits.LinkPreviewUrlMaxLength
        && Uri.TryCreate(preview.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
        && text is not null && text.Contains(preview.Url, StringComparison.Ordinal)
        && (preview.Title?.Length ?? 0) <= ChatalotLimits.LinkPreviewTitleMaxLength
        && (preview.Description?.Length ?? 0) <= ChatalotLimits.LinkPreviewDescriptionMaxLength
        && (preview.SiteName?.Length ?? 0) <= ChatalotLimits.LinkPreviewSiteNameMaxLength
        && IsValid(preview.Thumbnail);

    /// <summary>
    /// Unknown members are kept so that later kinds survive a round trip, but the JSON reader does not validate escaped
    /// text it only skips over: an unpaired surrogate (<c>"\udc4d"</c>) parses, then makes every later write throw.
    /// Writing them once here turns that into the codec's own error instead of a JsonException on re-encode.
    /// </summary>
    private static void CheckExtensions(Dictionary<string, JsonElement>? extensions)
    {
        if (extensions is null or { Count: 0 })
        {
            return;
        }

        try
        {
            using var writer = new Utf8JsonWriter(Stream.Null);
            writer.WriteStartObject();
            foreach (var (name, value) in extensions)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new ContentFormatException(ContentFormatException.MalformedCode, "An unknown member is not valid JSON text.", ex);
        }
    }

    private static void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new ContentFormatException(ContentFormatException.InvalidCode, "Invalid content: " + rule + ".");
        }
    }
}
