using System.Text.Json.Serialization;

namespace Chatalot.Protocol.ToDevice;

/// <summary>A payload waiting in a device's inbox until the device acknowledges it.</summary>
/// <param name="Id">The inbox entry id (UUIDv7, so ids sort by arrival).</param>
/// <param name="SenderUserId">The sending user.</param>
/// <param name="SenderDeviceId">The sending device.</param>
/// <param name="RecipientDeviceId">The recipient device.</param>
/// <param name="Payload">The opaque payload.</param>
/// <param name="CreatedAt">When the server stored it (for an ephemeral message: when it relayed it).</param>
/// <param name="Ephemeral">Relayed live and never stored (<see cref="SendToDeviceRequest.Ephemeral"/>): nothing to acknowledge.</param>
public sealed record ToDeviceMessage(
    Guid Id,
    Guid SenderUserId,
    int SenderDeviceId,
    int RecipientDeviceId,
    byte[] Payload,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Ephemeral = false);
