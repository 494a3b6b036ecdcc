namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Queues payloads in recipient devices' inboxes, as <c>POST /api/v1/to-device</c> does; answered with
/// <c>to_device_sent</c> once they are stored, or an <c>error</c> with the same request id. The whole frame is limited to
/// <see cref="ChatalotLimits.GatewayFrameMaxBytes"/>, so large batches go in several frames (or over REST).
/// </summary>
/// <param name="RequestId">A client-chosen id echoed in the reply.</param>
/// <param name="Message">The payloads and the sending device.</param>
public sealed record SendToDeviceFrame(string RequestId, ToDevice.SendToDeviceRequest Message) : ClientFrame;
