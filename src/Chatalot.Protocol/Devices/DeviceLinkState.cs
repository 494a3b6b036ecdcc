using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Devices;

/// <summary>Where a device link (crypto.md §15.4) stands.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DeviceLinkState>))]
public enum DeviceLinkState
{
    /// <summary>The new device posted its commitment; waiting for an existing device to respond.</summary>
    Requested = 0,

    /// <summary>An existing device posted its ephemeral key; waiting for the new device to reveal its keys.</summary>
    Responded = 1,

    /// <summary>The new device revealed its keys; both can show the code, waiting for the existing device's approval.</summary>
    Revealed = 2,

    /// <summary>The existing device approved and posted the sealed payload.</summary>
    Approved = 3,

    /// <summary>Declined on either device (the codes did not match, or the user said no).</summary>
    Declined = 4,
}
