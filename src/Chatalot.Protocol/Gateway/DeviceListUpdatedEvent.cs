namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A user who shares a community or a direct message with the recipient (or the recipient's own account) uploaded a new
/// signed device list. The ids are the server's reading of the change: clients fetch and verify the list itself.
/// </summary>
/// <param name="UserId">The account.</param>
/// <param name="Version">The new list's version.</param>
/// <param name="Added">Devices in the new list and not the previous one.</param>
/// <param name="Removed">Devices in the previous list and not the new one.</param>
/// <param name="AccountKeyChanged">The list is signed by a new account key (an identity reset, crypto.md §15.6).</param>
public sealed record DeviceListUpdatedEvent(Guid UserId, long Version, IReadOnlyList<int> Added, IReadOnlyList<int> Removed, bool AccountKeyChanged) : ServerEvent;
