using Chatalot.Client.Encryption.Internal;
using Chatalot.Crypto;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// What a linked device hands a new one, and what the backup's <c>account</c> entry holds (crypto.md §15.4):
/// <c>0x01 ‖ AK seed (32) ‖ verified accounts</c>. Secret: it carries the account key.
/// </summary>
internal static class LinkPayload
{
    private const byte Version = 0x01;

    public static byte[] Build(IdentityKeyPair accountKey, IReadOnlyList<(UserId User, byte[] AccountKey)> verified)
    {
        var exported = accountKey.ExportPrivateKey();
        try
        {
            var list = IdentityTrust.Encode(verified.ToDictionary(v => v.User, v => v.AccountKey));
            var payload = new byte[1 + 32 + list.Length];
            payload[0] = Version;
            exported.AsSpan(1, 32).CopyTo(payload.AsSpan(1));
            list.CopyTo(payload, 33);
            return payload;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(exported);
        }
    }

    /// <summary>Reads a payload; the seed must derive <paramref name="accountKey"/> (the account's current key).</summary>
    /// <returns>The key pair and the verifications, or <see langword="null"/> when the payload is not for that key.</returns>
    public static (IdentityKeyPair AccountKey, IReadOnlyList<(UserId User, byte[] AccountKey)> Verified)? Parse(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> accountKey)
    {
        if (payload.Length < 33 || payload[0] != Version || accountKey.Length != 32)
        {
            return null;
        }

        var exported = new byte[65];
        try
        {
            exported[0] = 0x01;
            payload.Slice(1, 32).CopyTo(exported.AsSpan(1));
            accountKey.CopyTo(exported.AsSpan(33));
            var pair = IdentityKeyPair.Import(exported);
            return (pair, [.. IdentityTrust.Decode(payload[33..]).Select(p => (p.Key, p.Value))]);
        }
        catch (ChatalotCryptoException)
        {
            return null;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(exported);
        }
    }
}
