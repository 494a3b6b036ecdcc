namespace Chatalot.Protocol.Devices;

/// <summary>
/// Body of <c>PUT /api/v1/users/me/device-list</c>: a new signed list for the caller's account. The server checks the
/// signature under the account key inside, that the list is the caller's and that its version is higher than the
/// stored one (crypto.md §15.2).
/// </summary>
/// <param name="List">The signed bytes (<see cref="Keys.DeviceListFormat"/>).</param>
/// <param name="Signature">The account key's Ed25519 signature over <paramref name="List"/>.</param>
/// <param name="ResetAccount">
/// Set when the list carries a new account key (crypto.md §15.6): every contact is told the account identity changed.
/// Without it, a list under another account key than the stored one is refused with <c>account_key_conflict</c>.
/// </param>
public sealed record DeviceListUpload(byte[] List, byte[] Signature, bool ResetAccount = false);
