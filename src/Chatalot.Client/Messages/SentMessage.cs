using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>A message this client sent, as acknowledged by the server after its durable write.</summary>
/// <param name="MessageId">The id the server assigned.</param>
/// <param name="ChannelId">The channel it was posted in (for a DM, the direct-message channel).</param>
/// <param name="SentAt">When the server stored it.</param>
/// <param name="ClientMessageId">The id bound inside the ciphertext (<see cref="MessageContent.ClientMessageId"/>).</param>
public sealed record SentMessage(MessageId MessageId, ChannelId ChannelId, DateTimeOffset SentAt, Guid ClientMessageId)
{
    /// <summary>A reference to this message, for a reply, reaction, edit or pin.</summary>
    /// <param name="author">The sending user (this client's user).</param>
    /// <returns>The target reference.</returns>
    public MessageRef ToRef(UserId author) => new(MessageId.Value, author.Value, ClientMessageId);
}
