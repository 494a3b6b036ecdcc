using System.Text.Json.Serialization;

namespace Chatalot.Protocol.ToDevice;

/// <summary>Body of <c>POST /api/v1/to-device</c>: queues payloads in recipient devices' durable inboxes.</summary>
/// <param name="SenderDeviceId">The sending device (must belong to the caller).</param>
/// <param name="Messages">The payloads, at most 256.</param>
/// <param name="Ephemeral">
/// Deliver only to the recipients' open connections and never store the payloads (call signalling, calls.md §3): a
/// device that is offline misses them. Delivery is best effort; the result still names an id per message.
/// </param>
public sealed record SendToDeviceRequest(int SenderDeviceId, IReadOnlyList<ToDeviceEnvelope> Messages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Ephemeral = false);
