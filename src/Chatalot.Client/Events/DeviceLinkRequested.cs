namespace Chatalot.Client;

/// <summary>
/// A new device signed in to this account asks to be linked (crypto.md §15.4). Raised on the account's linked devices;
/// show the request and, if the user recognises it, call <c>ChatalotClient.Devices.AcceptLinkRequestAsync</c>, compare
/// the codes both devices show, then approve.
/// </summary>
public sealed record DeviceLinkRequested : ChatalotEvent
{
    /// <summary>The link.</summary>
    public required Guid LinkId { get; init; }

    /// <summary>The new device.</summary>
    public required DeviceId DeviceId { get; init; }

    /// <summary>The new device's label, if it gave one.</summary>
    public string? DeviceName { get; init; }
}
