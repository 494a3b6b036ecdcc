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

    /// <summary>The device this browser last published. Its private keys lived only in that page's memory, so the
    /// next unlock replaces it and deletes it on the server (contacts then stop encrypting to a dead device).</summary>
    public int? DeviceId { get; init; }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => new StringBuilder("VaultContents { Username = ").Append(Username).Append(", Password = *** }").ToString();
}
