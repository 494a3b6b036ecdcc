namespace Chatalot.Protocol.ToDevice;

/// <summary>Body of <c>POST /api/v1/to-device/{device_id}/ack</c>: deletes acknowledged inbox entries.</summary>
/// <param name="MessageIds">The ids to delete; unknown ids are ignored so acks are idempotent.</param>
public sealed record AckToDeviceRequest(IReadOnlyList<Guid> MessageIds);
