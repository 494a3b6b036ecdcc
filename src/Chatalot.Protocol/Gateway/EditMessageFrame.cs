namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Edits one of the caller's messages, as <c>PATCH /api/v1/channels/{id}/messages/{message_id}</c> does; answered with
/// <c>message_sent</c> carrying the stored (edited) message, or an <c>error</c> with the same request id. Handled after
/// every earlier <c>send_message</c> of the connection is stored, so it may target a message sent just before it.
/// Replaying an edit whose envelope equals the current body changes nothing and answers with the current message.
/// </summary>
/// <param name="RequestId">A client-chosen id echoed in the reply.</param>
/// <param name="ChannelId">The channel of the message.</param>
/// <param name="MessageId">The message to edit.</param>
/// <param name="Message">The new body.</param>
public sealed record EditMessageFrame(string RequestId, Guid ChannelId, Guid MessageId, Messages.EditMessageRequest Message) : ClientFrame;
