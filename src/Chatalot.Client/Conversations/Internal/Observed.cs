using Chatalot.Protocol.Content;

namespace Chatalot.Client.Conversations.Internal;

/// <summary>An authenticated message as the conversation model takes it in: received, or sent by this client.</summary>
/// <param name="Id">The server's id.</param>
/// <param name="Channel">Its channel.</param>
/// <param name="Sender">The authenticated sender.</param>
/// <param name="ServerTime">When the server stored it.</param>
/// <param name="Content">The decrypted content.</param>
/// <param name="IsDirect">Whether the channel is a DM.</param>
/// <param name="Live">Pushed while this client was online (not fetched by catch-up).</param>
internal sealed record Observed(MessageId Id, ChannelId Channel, UserId Sender, DateTimeOffset ServerTime, MessageContent Content, bool IsDirect, bool Live)
{
    public Position Position => new(ServerTime, Id.Value);

    public MessageRef Ref => new(Id.Value, Sender.Value, Content.ClientMessageId == Guid.Empty ? null : Content.ClientMessageId);
}
