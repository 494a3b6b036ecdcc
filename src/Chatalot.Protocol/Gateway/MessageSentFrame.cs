namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A gateway <c>send_message</c> was durably stored (or was a retry of one that was), or an <c>edit_message</c> was
/// applied (or was a replay of the current body).
/// </summary>
/// <param name="RequestId">The request id of the send or edit.</param>
/// <param name="Message">The stored message, as it is now.</param>
public sealed record MessageSentFrame(string RequestId, Messages.Message Message) : ServerFrame;
