using System.Text;

namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// The secrets sealed in the vault: the account credentials, so that after a reload the passphrase alone signs the
/// browser back in. (Refresh tokens rotate on every use, so a stored one is stale after the first refresh; the
/// credentials are not.)
/// </summary>
public sealed record VaultContents
{
    public required string Username { get; init; }

    public required string Password { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The device this browser published (kept to clean up a device whose keys were lost, see <see cref="DeviceStoreKey"/>).</summary>
    public int? DeviceId { get; init; }

    /// <summary>
    /// The 256-bit key sealing this browser's device key store and message archive in IndexedDB. With it, an unlock
    /// reopens the same device and its sessions. A vault without it (written by an older version) lost its device
    /// keys with the page, so the next unlock publishes a new device and deletes <see cref="DeviceId"/> on the server.
    /// </summary>
    public byte[]? DeviceStoreKey { get; init; }

    /// <summary>Never prints the password or the key.</summary>
    public override string ToString() => new StringBuilder("VaultContents { Username = ").Append(Username).Append(", Password = ***, DeviceStoreKey = *** }").ToString();
}
