using Chatalot.Client.Messages.Internal;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Messages;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Tests.Attachments;

/// <summary>
/// Attachment ids travel twice (content.md §2): inside the ciphertext's references, and as the transport's plaintext
/// <c>attachment_ids</c> the server keeps files alive and readable by. The send path fills the second from the first;
/// the receive path refuses a content pointing at a file the transport does not list.
/// </summary>
public sealed class AttachmentBindingTests
{
    private static readonly Guid Channel = Guid.NewGuid();
    private static readonly Guid Sender = Guid.NewGuid();

    private static AttachmentRef File(Guid id) => new(id, new byte[32], new byte[32], 1, "text/plain", "a.txt");

    private static (MessageContent Content, WireMessage Message) Bound(IReadOnlyList<AttachmentRef>? attachments, IReadOnlyList<Guid>? listed)
    {
        var clientId = Guid.NewGuid();
        var content = MessageContent.CreateText("file") with
        {
            Attachments = attachments,
            Conversation = new ConversationRef(ConversationKind.Channel, Channel),
            Sender = new ContentSender(Sender, 3),
            ClientMessageId = clientId,
        };
        var message = new WireMessage(Guid.NewGuid(), Channel, Sender, 3, new MessageEnvelope(Ciphertext: [1]), DateTimeOffset.UtcNow, clientId.ToString("N"), AttachmentIds: listed);
        return (content, message);
    }

    [Fact]
    public void Send_FillsTheTransportsAttachmentIds_FromTheContent()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal([a, b], Outbox.AttachmentIdsOf(MessageContent.CreateText("x") with { Attachments = [File(a), File(b), File(a)] }));
        Assert.Null(Outbox.AttachmentIdsOf(MessageContent.CreateText("x")));
    }

    [Fact]
    public void Receive_EveryReferencedFileListed_Fits()
    {
        var id = Guid.NewGuid();
        var (content, message) = Bound([File(id)], [id, Guid.NewGuid()]);

        Assert.Null(ContentBinding.Check(content, message, isEdit: false));
    }

    [Fact]
    public void Receive_AReferenceTheTransportDoesNotList_IsRefusedAsAttachments()
    {
        var (content, message) = Bound([File(Guid.NewGuid())], [Guid.NewGuid()]);
        var (unlisted, none) = Bound([File(Guid.NewGuid())], null);

        Assert.Equal("attachments", ContentBinding.Check(content, message, isEdit: false));
        Assert.Equal("attachments", ContentBinding.Check(unlisted, none, isEdit: false));
    }

    [Fact]
    public void Receive_NoReferences_IgnoresTheTransportsList()
    {
        var (content, message) = Bound(null, [Guid.NewGuid()]);

        Assert.Null(ContentBinding.Check(content, message, isEdit: false));
    }
}
