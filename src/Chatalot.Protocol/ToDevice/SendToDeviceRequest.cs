namespace Chatalot.Protocol.ToDevice;

/// <summary>Body of <c>POST /api/v1/to-device</c>: queues payloads in recipient devices' durable inboxes.</summary>
/// <param name="SenderDeviceId">The sending device (must belong to the caller).</param>
/// <param name="Messages">The payloads, at most 256.</param>
public sealed record SendToDeviceRequest(int SenderDeviceId, IReadOnlyList<ToDeviceEnvelope> Messages);
