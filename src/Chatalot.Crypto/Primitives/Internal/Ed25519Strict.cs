using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// The Ed25519 acceptance rule both providers apply before their own verification (docs/protocol/crypto.md §2.1).
/// libsodium and BouncyCastle differ on edge cases: libsodium refuses a small-order R that BouncyCastle accepts, and
/// BouncyCastle's verification equation is partly cofactored (it accepts some R with a torsion component that
/// libsodium refuses). A malicious channel member could use either difference to show members different things.
/// Requiring S &lt; L and both A and R to be canonical points of the prime-order subgroup other than the identity makes
/// the two equations equivalent, so both providers return the same verdict for every input.
/// <see cref="CryptoPrimitives.Ed25519Verify"/> applies it: S and the key in front of both providers (the key once,
/// <see cref="StrictKeyCache"/>), R inside each (libsodium's own checks imply it; BouncyCastle's need it added).
/// </summary>
internal static class Ed25519Strict
{
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian (RFC 8032 §5.1).
    private static ReadOnlySpan<byte> GroupOrder =>
    [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ];

    /// <summary>
    /// Canonical encoding (y &lt; p, no "negative zero"), a curve point, not of small order, in the prime-order subgroup.
    /// BouncyCastle's full public-key validation is exactly this check.
    /// </summary>
    public static bool IsStrictPoint(ReadOnlySpan<byte> encoded) => encoded.Length == 32 && BcEd25519.ValidatePublicKeyFull(encoded);

    /// <summary>S &lt; L, compared as little-endian integers; public data, so variable time is fine.</summary>
    public static bool IsCanonicalScalar(ReadOnlySpan<byte> s)
    {
        for (var i = 31; i >= 0; i--)
        {
            if (s[i] != GroupOrder[i])
            {
                return s[i] < GroupOrder[i];
            }
        }

        return false;
    }
}
