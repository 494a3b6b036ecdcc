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

    /// <summary>Never prints the password.</summary>
    public override string ToString() => new StringBuilder("VaultContents { Username = ").Append(Username).Append(", Password = *** }").ToString();
}
