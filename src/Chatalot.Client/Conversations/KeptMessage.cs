using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// A message an application kept from an earlier session (its own encrypted history store), handed back to
/// <see cref="ConversationClient.Restore"/> so that reaction counts, poll tallies, thread counts, quoted previews and
/// forwarding cover it again. Build it from the <see cref="MessageReceived"/> (or <see cref="SentMessage"/>) it came from.
/// </summary>
/// <param name="MessageId">The server's id.</param>
/// <param name="ChannelId">Its channel.</param>
/// <param name="Sender">The authenticated sender (<see cref="MessageSender.UserId"/>).</param>
/// <param name="SentAt">When the server stored it (<see cref="MessageReceived.SentAt"/>).</param>
/// <param name="Content">The decrypted content (<see cref="MessageReceived.Content"/>); keep it with <see cref="ContentCodec.Encode(MessageContent)"/>.</param>
/// <param name="IsDirect">Whether the channel is a DM.</param>
public sealed record KeptMessage(MessageId MessageId, ChannelId ChannelId, UserId Sender, DateTimeOffset SentAt, MessageContent Content, bool IsDirect = false)
{
    /// <summary>Describes the message without its content.</summary>
    /// <returns>The ids and time.</returns>
    public override string ToString() => $"KeptMessage {{ MessageId = {MessageId}, ChannelId = {ChannelId}, Sender = {Sender}, Kind = {Content.Kind} }}";
}
