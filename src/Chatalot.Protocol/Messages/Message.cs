namespace Chatalot.Protocol.Messages;

/// <summary>A stored message. <see cref="Envelope"/> is <see langword="null"/> once the message is deleted.</summary>
/// <param name="Id">The server-assigned id (UUIDv7: ids sort by creation).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="SenderId">The sending user.</param>
/// <param name="SenderDeviceId">The sending device.</param>
/// <param name="Envelope">The opaque body, or <see langword="null"/> when deleted.</param>
/// <param name="CreatedAt">The server-assigned timestamp.</param>
/// <param name="IdempotencyKey">The key the sender chose; a retry with the same key returns this message.</param>
/// <param name="ReplyToId">The message this one replies to, in the same channel.</param>
/// <param name="EditedAt">When it was last edited.</param>
/// <param name="DeletedAt">When it was deleted.</param>
/// <param name="ThreadRootId">The thread root, when this message is a thread reply.</param>
/// <param name="ThreadReplyCount">On a thread root: how many replies (not deleted) its thread holds; 0 otherwise.</param>
/// <param name="ThreadLastReplyAt">On a thread root: when the newest reply was sent.</param>
/// <param name="AttachmentIds">The attachments the message references (its sends and edits together), or <see langword="null"/> when none.</param>
public sealed record Message(
    Guid Id,
    Guid ChannelId,
    Guid SenderId,
    int SenderDeviceId,
    MessageEnvelope? Envelope,
    DateTimeOffset CreatedAt,
    string IdempotencyKey,
    Guid? ReplyToId = null,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    Guid? ThreadRootId = null,
    int ThreadReplyCount = 0,
    DateTimeOffset? ThreadLastReplyAt = null,
    IReadOnlyList<Guid>? AttachmentIds = null)
{
    /// <summary>The sender's franking commitment <c>C</c> of the current body (crypto.md §14); absent on messages stored before franking and on deleted ones.</summary>
    public byte[]? FrankCommitment { get; init; }

    /// <summary>The server's franking tag <c>T</c>, binding <see cref="FrankCommitment"/> to the sender, channel, message and time (crypto.md §14).</summary>
    public byte[]? FrankTag { get; init; }

    /// <summary>Which server franking key made <see cref="FrankTag"/>, so keys can rotate.</summary>
    public int? FrankKeyId { get; init; }
}
