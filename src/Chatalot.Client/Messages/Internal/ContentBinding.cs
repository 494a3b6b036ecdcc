using Chatalot.Protocol.Content;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Messages.Internal;

/// <summary>
/// The receiver's checks of content.md §2: what the ciphertext binds must agree with what the server says, or the
/// message is refused as <see cref="UndecryptableReason.ContextMismatch"/>.
/// </summary>
internal static class ContentBinding
{
    /// <summary>Null when <paramref name="content"/> fits its transport; otherwise which binding disagrees.</summary>
    /// <param name="content">The decrypted content.</param>
    /// <param name="message">The transport's message.</param>
    /// <param name="isEdit">Whether it arrived as a new body of an existing row (<c>message_updated</c>).</param>
    public static string? Check(MessageContent content, WireMessage message, bool isEdit)
    {
        var direct = message.Envelope?.Devices is not null;
        if (content.Conversation!.Id != message.ChannelId || content.Conversation.Kind != (direct ? ConversationKind.Dm : ConversationKind.Channel))
        {
            return "conversation";
        }

        if (content.Sender!.UserId != message.SenderId || content.Sender.DeviceId != message.SenderDeviceId)
        {
            return "sender";
        }

        // Every file the content points to must be one the server lets this conversation read: else a sender could
        // show a reference the readers cannot open, or that the server does not keep alive.
        if (content.Attachments is { Count: > 0 } attachments
            && (message.AttachmentIds is not { } listed || !attachments.All(a => listed.Contains(a.Id))))
        {
            return "attachments";
        }

        if (isEdit)
        {
            return content.Kind == ContentKind.Edit && content.Target!.MessageId == message.Id && content.Target.AuthorId == message.SenderId ? null : "edit target";
        }

        if (content.Kind == ContentKind.Edit)
        {
            return "edit target";
        }

        if (message.IdempotencyKey != content.ClientMessageId.ToString("N"))
        {
            return "client message id";
        }

        return content.Kind switch
        {
            ContentKind.Reply when message.ReplyToId != content.Target!.MessageId => "reply target",
            ContentKind.ThreadReply when message.ThreadRootId != content.Target!.MessageId => "thread root",
            not ContentKind.ThreadReply when message.ThreadRootId is not null => "thread root",
            ContentKind.Delete or ContentKind.PollClose when content.Target!.AuthorId != message.SenderId => "target author",
            _ => null,
        };
    }
}
