namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Deletes a message (the sender's own, or any as a moderator), as <c>DELETE /api/v1/channels/{id}/messages/{message_id}</c>
/// does; answered with <c>request_completed</c>, or an <c>error</c> with the same request id. Handled after every earlier
/// <c>send_message</c> of the connection is stored. Deleting an already deleted message also answers
/// <c>request_completed</c> (and announces nothing a second time).
/// </summary>
/// <param name="RequestId">A client-chosen id echoed in the reply.</param>
/// <param name="ChannelId">The channel of the message.</param>
/// <param name="MessageId">The message to delete.</param>
public sealed record DeleteMessageFrame(string RequestId, Guid ChannelId, Guid MessageId) : ClientFrame;
