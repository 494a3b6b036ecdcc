using System.Buffers.Binary;
using System.Text;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Crypto;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// What a linked device hands a new one, and what the backup's <c>account</c> entry holds (crypto.md §15.4):
/// <c>0x01 ‖ AK seed (32) ‖ verified accounts [‖ 0x01 ‖ recovery key]</c>. Secret: it carries the account key.
/// </summary>
internal static class LinkPayload
{
    private const byte Version = 0x01;
    private const byte RecoveryKeyFlag = 0x01;
    private const int RecoveryKeyTextLength = 56;

    public static byte[] Build(IdentityKeyPair accountKey, IReadOnlyList<(UserId User, byte[] AccountKey)> verified, RecoveryKey? recoveryKey = null)
    {
        var exported = accountKey.ExportPrivateKey();
        var recovery = recoveryKey is null ? [] : Encoding.ASCII.GetBytes(recoveryKey.Display().Replace(" ", string.Empty, StringComparison.Ordinal));
        try
        {
            var list = IdentityTrust.Encode(verified.ToDictionary(v => v.User, v => v.AccountKey));
            var payload = new byte[1 + 32 + list.Length + (recoveryKey is null ? 0 : 1 + recovery.Length)];
            payload[0] = Version;
            exported.AsSpan(1, 32).CopyTo(payload.AsSpan(1));
            list.CopyTo(payload, 33);
            if (recoveryKey is not null)
            {
                // Optional trailing field (crypto.md §15.4): a flag, then the recovery key in its display form without spaces.
                payload[33 + list.Length] = RecoveryKeyFlag;
                recovery.CopyTo(payload, 34 + list.Length);
            }

            return payload;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(exported);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(recovery);
        }
    }

    /// <summary>The recovery key a linked device appended after the verified list, if any (the caller disposes it).</summary>
    public static RecoveryKey? ReadRecoveryKey(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 35 || payload[0] != Version)
        {
            return null;
        }

        // Walk the verified list (count u16, then user id length u8, user id, AK 32) to the optional trailer.
        var at = 33;
        var count = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
        at += 2;
        for (var i = 0; i < count; i++)
        {
            if (at >= payload.Length)
            {
                return null;
            }

            at += 1 + payload[at] + 32;
        }

        if (at + 1 + RecoveryKeyTextLength != payload.Length || payload[at] != RecoveryKeyFlag)
        {
            return null;
        }

        return RecoveryKey.TryParse(Encoding.ASCII.GetString(payload.Slice(at + 1, RecoveryKeyTextLength)), out var key) ? key : null;
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
