namespace Chatalot.Protocol.Messages;

/// <summary>Body of <c>PATCH /api/v1/channels/{id}/messages/{message_id}</c>: replaces the body, keeping the old one in the edit history.</summary>
/// <param name="Envelope">The new opaque body.</param>
/// <param name="AttachmentIds">Completed uploads the new body references; added to the message's attachments (the edit history keeps the old body).</param>
public sealed record EditMessageRequest(MessageEnvelope Envelope, IReadOnlyList<Guid>? AttachmentIds = null)
{
    /// <summary>
    /// The franking commitment of the new body (crypto.md §14): 32 bytes, required. An edit is franked like a new
    /// message, with its own franking key, and replaces the message's commitment and tag.
    /// </summary>
    public byte[]? FrankCommitment { get; init; }
}
