namespace Chatalot.Client;

/// <summary>Whether this device belongs to its account's signed device list (crypto.md §15).</summary>
public enum DeviceLinkStatus
{
    /// <summary>Not known yet: the client has not connected.</summary>
    Unknown = 0,

    /// <summary>Listed and holding the account key: it sends, receives, links and revokes devices.</summary>
    Linked = 1,

    /// <summary>
    /// A new device of an account that already has devices: nobody encrypts to it yet. Link it from another device
    /// (<see cref="DeviceClient.RequestLinkAsync"/>), restore it with the recovery key
    /// (<see cref="DeviceClient.RestoreAsync"/>), or start over (<see cref="DeviceClient.ResetAccountIdentityAsync"/>).
    /// </summary>
    Unlinked = 2,

    /// <summary>Removed from the account's list (revoked from another device, or the account identity was reset elsewhere).</summary>
    Removed = 3,
}
