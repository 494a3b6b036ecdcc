using System.Security.Cryptography;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>The Double Ratchet KDFs (Signal Double Ratchet spec §5.2; docs/protocol/crypto.md §6.2).</summary>
internal static class RatchetKdf
{
    private static readonly byte[] MessageKeyConstant = [0x01];
    private static readonly byte[] ChainKeyConstant = [0x02];

    /// <summary>KDF_RK: HKDF-SHA256(salt = RK, ikm = DH output, info) → RK' (32) ‖ CK (32).</summary>
    public static void RootKey(CryptoPrimitives primitives, ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> dhOutput, Span<byte> newRootKey, Span<byte> chainKey)
    {
        Span<byte> output = stackalloc byte[64];
        primitives.Hkdf(dhOutput, rootKey, ProtocolConstants.RootInfo, output);
        output[..32].CopyTo(newRootKey);
        output[32..].CopyTo(chainKey);
        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>KDF_CK: message key seed = HMAC(CK, 0x01), next CK = HMAC(CK, 0x02).</summary>
    public static void ChainKey(CryptoPrimitives primitives, ReadOnlySpan<byte> chainKey, Span<byte> messageKeySeed, Span<byte> nextChainKey)
    {
        // Callers may pass the same buffer as chainKey and nextChainKey, so compute into a temporary first.
        Span<byte> next = stackalloc byte[32];
        primitives.HmacSha256(chainKey, MessageKeyConstant, messageKeySeed);
        primitives.HmacSha256(chainKey, ChainKeyConstant, next);
        next.CopyTo(nextChainKey);
        CryptographicOperations.ZeroMemory(next);
    }

    /// <summary>Expands a message key seed into the AEAD key (32) and nonce (12) with HKDF-Expand.</summary>
    public static void MessageKeys(CryptoPrimitives primitives, ReadOnlySpan<byte> messageKeySeed, ReadOnlySpan<byte> info, Span<byte> keyAndNonce) =>
        primitives.HkdfExpand(messageKeySeed, info, keyAndNonce[..44]);
}
