namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A gateway request with no result of its own (<c>delete_message</c>, <c>ack_to_device</c> with a request id) is done
/// and durable.
/// </summary>
/// <param name="RequestId">The request id of the frame.</param>
public sealed record RequestCompletedFrame(string RequestId) : ServerFrame;
