using System.Buffers.Text;
using System.Security.Cryptography;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// Encrypts server-held secrets (TOTP seeds, two-factor challenges) with ASP.NET Core Data Protection (AES-256-CBC +
/// HMAC-SHA256, rotating keys). The key ring is the server's own, kept in
/// <see cref="ChatalotAuthOptions.DataProtectionKeysDirectory"/> (default <c>data-protection-keys</c> under the data
/// folder), so a host application's own Data Protection set-up is neither used nor changed. A database copy without that
/// folder reveals no seed.
/// </summary>
internal sealed class SecretProtector
{
    private const string TotpPurpose = "Chatalot.TotpSeed.v1";
    private const string ChallengePurpose = "Chatalot.TwoFactorChallenge.v1";
    private readonly Lazy<IDataProtectionProvider> _provider;
    private readonly string _directory;

    public SecretProtector(IOptions<ChatalotServerOptions> options)
    {
        var o = options.Value;
        _directory = o.Auth.DataProtectionKeysDirectory ?? Path.Combine(o.DataDirectory, "data-protection-keys");
        _provider = new Lazy<IDataProtectionProvider>(() =>
        {
            DataDirectory.Ensure(_directory);
            return DataProtectionProvider.Create(new DirectoryInfo(_directory), b => b.SetApplicationName("Chatalot.Server"));
        });
    }

    public string ProtectSeed(byte[] seed) => Protect(TotpPurpose, seed);

    /// <summary>Decrypts a stored seed; <see langword="null"/> when the key ring cannot open it (a lost or foreign key folder).</summary>
    public byte[]? UnprotectSeed(string stored) => Unprotect(TotpPurpose, stored);

    public string ProtectChallenge(byte[] payload) => Protect(ChallengePurpose, payload);

    public byte[]? UnprotectChallenge(string? token) => token is null or { Length: 0 or > 2048 } ? null : Unprotect(ChallengePurpose, token);

    private string Protect(string purpose, byte[] plain)
    {
        var sealedBytes = _provider.Value.CreateProtector(purpose).Protect(plain);
        DataDirectory.TightenFiles(_directory); // a new key file is owner-only like the rest of the data folder
        return Base64Url.EncodeToString(sealedBytes);
    }

    private byte[]? Unprotect(string purpose, string text)
    {
        try
        {
            return _provider.Value.CreateProtector(purpose).Unprotect(Base64Url.DecodeFromChars(text));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
