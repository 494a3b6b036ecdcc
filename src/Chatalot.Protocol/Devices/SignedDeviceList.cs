namespace Chatalot.Protocol.Devices;

/// <summary>
/// A user's signed device list (crypto.md §15.2), as <c>GET /api/v1/users/{user_id}/device-list</c> returns it. Clients
/// verify the signature and use only the devices it lists; the server's word alone adds no device.
/// </summary>
/// <param name="List">The signed bytes (<see cref="Keys.DeviceListFormat"/>).</param>
/// <param name="Signature">The account key's Ed25519 signature over <paramref name="List"/> (64 bytes).</param>
public sealed record SignedDeviceList(byte[] List, byte[] Signature);
