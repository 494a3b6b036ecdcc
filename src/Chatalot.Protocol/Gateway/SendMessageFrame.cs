namespace Chatalot.Protocol.Gateway;

/// <summary>Sends a message; answered with <c>message_sent</c> after the durable write, or an <c>error</c> with the same request id.</summary>
/// <param name="RequestId">A client-chosen id echoed in the reply.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Message">The message.</param>
public sealed record SendMessageFrame(string RequestId, Guid ChannelId, Messages.SendMessageRequest Message) : ClientFrame;
