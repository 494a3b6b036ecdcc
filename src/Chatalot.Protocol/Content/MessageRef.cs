namespace Chatalot.Protocol.Content;

/// <summary>
/// The message a relation (reply, edit, reaction, vote, pin…) points at (content.md §4). A receiver checks
/// <see cref="MessageId"/> against the transport and, when it holds the target, <see cref="AuthorId"/> and
/// <see cref="ClientMessageId"/> against the target's own authenticated content.
/// </summary>
/// <param name="MessageId">The server id of the target.</param>
/// <param name="AuthorId">The user who wrote the target.</param>
/// <param name="ClientMessageId">The target's <see cref="MessageContent.ClientMessageId"/>, when the sender knows it.</param>
public sealed record MessageRef(Guid MessageId, Guid AuthorId, Guid? ClientMessageId = null);
