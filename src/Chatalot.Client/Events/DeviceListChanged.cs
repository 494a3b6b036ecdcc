namespace Chatalot.Client;

/// <summary>
/// A user (or this account) published a new signed device list (crypto.md §15.2), verified by this client: the devices
/// named here were added or removed by someone holding the account key, not by the server. Show it in the timeline of
/// conversations with the user ("Alice added a device").
/// </summary>
public sealed record DeviceListChanged : ChatalotEvent
{
    /// <summary>The account.</summary>
    public required UserId UserId { get; init; }

    /// <summary>Devices the new list adds.</summary>
    public required IReadOnlyList<DeviceId> Added { get; init; }

    /// <summary>Devices the new list removes.</summary>
    public required IReadOnlyList<DeviceId> Removed { get; init; }

    /// <summary>Whether this device itself was removed from its account's list (it can no longer send or read new messages).</summary>
    public bool ThisDeviceRemoved { get; init; }
}
