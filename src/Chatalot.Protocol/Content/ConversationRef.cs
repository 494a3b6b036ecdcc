namespace Chatalot.Protocol.Content;

/// <summary>The conversation a content is bound to, inside the ciphertext (content.md §2).</summary>
/// <param name="Kind">Channel or direct message.</param>
/// <param name="Id">The channel id (a DM is a channel too).</param>
public sealed record ConversationRef(ConversationKind Kind, Guid Id)
{
    /// <summary>Names no conversation: a to-device payload about none, such as a bookmark sync request (content.md §6.3).</summary>
    public static ConversationRef None { get; } = new(ConversationKind.Dm, Guid.Empty);
}
