using System.Text;

namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// The secrets sealed in the vault: the key of this browser's device store, whose sealed records include the session's
/// refresh token (kept and rotated there by the client, <c>ChatalotClientOptions.PersistSession</c>), so that after a
/// reload the passphrase alone resumes the session. No password is kept: a session the server no longer accepts needs
/// a full sign-in (with the second factor, if on). A vault written by an older version also held the password; it is
/// ignored when read and dropped at the next save.
/// </summary>
public sealed record VaultContents
{
    public required string Username { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The device this browser published (kept to clean up a device whose keys were lost, see <see cref="DeviceStoreKey"/>).</summary>
    public int? DeviceId { get; init; }

    /// <summary>
    /// The 256-bit key sealing this browser's device key store and message archive in IndexedDB. With it, an unlock
    /// reopens the same device and its sessions. A vault without it (written by an older version) lost its device
    /// keys with the page, so the next unlock publishes a new device and deletes <see cref="DeviceId"/> on the server.
    /// </summary>
    public byte[]? DeviceStoreKey { get; init; }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => new StringBuilder("VaultContents { Username = ").Append(Username).Append(", DeviceStoreKey = *** }").ToString();
}
