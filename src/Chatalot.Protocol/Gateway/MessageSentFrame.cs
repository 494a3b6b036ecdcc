namespace Chatalot.Protocol.Gateway;

/// <summary>A gateway send was durably stored (or was a retry of one that was).</summary>
/// <param name="RequestId">The request id of the send.</param>
/// <param name="Message">The stored message.</param>
public sealed record MessageSentFrame(string RequestId, Messages.Message Message) : ServerFrame;
