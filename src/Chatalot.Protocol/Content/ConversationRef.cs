namespace Chatalot.Protocol.Content;

/// <summary>The conversation a content is bound to, inside the ciphertext (content.md §2).</summary>
/// <param name="Kind">Channel or direct message.</param>
/// <param name="Id">The channel id (a DM is a channel too).</param>
public sealed record ConversationRef(ConversationKind Kind, Guid Id);
