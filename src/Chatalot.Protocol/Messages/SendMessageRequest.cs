namespace Chatalot.Protocol.Messages;

/// <summary>
/// Body of <c>POST /api/v1/channels/{id}/messages</c> (and the gateway <c>send_message</c> frame).
/// The server answers only after the message is durably stored; a retry with the same
/// <paramref name="IdempotencyKey"/> returns the stored message instead of creating a second one.
/// </summary>
/// <param name="IdempotencyKey">A client-chosen key, 1-64 printable ASCII characters, unique per sender and channel.</param>
/// <param name="SenderDeviceId">The sending device.</param>
/// <param name="Envelope">The opaque body.</param>
/// <param name="ReplyToId">The message this one replies to.</param>
/// <param name="ThreadRootId">
/// The thread this message belongs to: a message of the same channel that is not itself in a thread. Plaintext
/// metadata, so the server can page a thread and count its replies (content.md §7).
/// </param>
/// <param name="AttachmentIds">
/// The completed uploads the content references (at most 10), as plaintext metadata: the server keeps each file while a
/// message references it and lets the channel's readers download it (content.md §2, §7).
/// </param>
public sealed record SendMessageRequest(
    string IdempotencyKey,
    int SenderDeviceId,
    MessageEnvelope Envelope,
    Guid? ReplyToId = null,
    Guid? ThreadRootId = null,
    IReadOnlyList<Guid>? AttachmentIds = null)
{
    /// <summary>
    /// The franking commitment <c>C</c> (crypto.md §14): 32 bytes, HMAC-SHA256 under the message's franking key of the
    /// plaintext and its context. Required on every new message; the server binds it to the sender and time and a
    /// receiver refuses a message whose commitment does not match its plaintext.
    /// </summary>
    public byte[]? FrankCommitment { get; init; }
}
