namespace Chatalot.Protocol.Gateway;

/// <summary>A gateway <c>send_to_device</c> was stored in every recipient's inbox.</summary>
/// <param name="RequestId">The request id of the send.</param>
/// <param name="Result">The inbox ids, one per payload in request order.</param>
public sealed record ToDeviceSentFrame(string RequestId, ToDevice.ToDeviceSendResult Result) : ServerFrame;
