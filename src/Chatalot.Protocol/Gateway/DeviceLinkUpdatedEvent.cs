using Chatalot.Protocol.Devices;

namespace Chatalot.Protocol.Gateway;

/// <summary>Sent to the account's own connections when a device link (crypto.md §15.4) is created or moves on.</summary>
/// <param name="LinkId">The link.</param>
/// <param name="DeviceId">The new device it is for.</param>
/// <param name="State">Its state now.</param>
public sealed record DeviceLinkUpdatedEvent(Guid LinkId, int DeviceId, DeviceLinkState State) : ServerEvent;
