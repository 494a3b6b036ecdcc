using System.Security.Cryptography;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Accounts.Internal;

/// <summary>The link key and payload AEAD of crypto.md §15.4 step 5, shared by both sides of a link.</summary>
internal static class DeviceLinkKey
{
    public const int CiphertextSize = MlKem768.CiphertextSize;

    private static readonly byte[] Info = "Chatalot_Link_v1"u8.ToArray();

    /// <summary><c>K = HKDF-SHA256(ikm = ss_dh ‖ ss_kem, salt = T, info = "Chatalot_Link_v1", 32)</c>.</summary>
    public static void Derive(CryptoPrimitives primitives, ReadOnlySpan<byte> dhSecret, ReadOnlySpan<byte> kemSecret, ReadOnlySpan<byte> transcriptHash, Span<byte> key)
    {
        Span<byte> ikm = stackalloc byte[64];
        try
        {
            dhSecret.CopyTo(ikm);
            kemSecret.CopyTo(ikm[32..]);
            primitives.Hkdf(ikm, transcriptHash, Info, key[..CryptoPrimitives.AeadKeySize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }

    /// <summary>K is used for exactly one payload, so the nonce is fixed at zero.</summary>
    public static ReadOnlySpan<byte> Nonce => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}
