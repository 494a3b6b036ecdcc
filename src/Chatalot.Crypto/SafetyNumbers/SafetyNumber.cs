using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chatalot.Crypto;

/// <summary>
/// A safety number in Signal's numeric-fingerprint style (docs/protocol/crypto.md §9): per party, 5,200 iterations
/// of SHA-512 over version ‖ identity key ‖ user id, shown as 60 digits (both halves sorted so both sides see the
/// same number) plus a scannable byte form for QR codes. Unlike the original scheme it binds the user ids.
/// </summary>
public sealed class SafetyNumber
{
    /// <summary>Hash iterations per party (as Signal).</summary>
    public const int Iterations = 5200;

    /// <summary>Version of the fingerprint and of the scannable form.</summary>
    public const ushort Version = 2;

    private const int ScannableSize = 1 + 32 + 32;
    private readonly byte[] _localFingerprint;
    private readonly byte[] _remoteFingerprint;

    private SafetyNumber(byte[] localFingerprint, byte[] remoteFingerprint, string digits)
    {
        _localFingerprint = localFingerprint;
        _remoteFingerprint = remoteFingerprint;
        Digits = digits;
    }

    /// <summary>The 60-digit number, identical on both devices.</summary>
    public string Digits { get; }

    /// <summary>Computes the safety number between two users.</summary>
    /// <param name="localUserId">This user's stable id.</param>
    /// <param name="localKey">This user's identity key.</param>
    /// <param name="remoteUserId">The peer's stable id.</param>
    /// <param name="remoteKey">The peer's identity key.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The safety number.</returns>
    public static SafetyNumber Create(string localUserId, IdentityKey localKey, string remoteUserId, IdentityKey remoteKey, CryptoProvider? provider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUserId);
        ArgumentException.ThrowIfNullOrEmpty(remoteUserId);
        ArgumentNullException.ThrowIfNull(localKey);
        ArgumentNullException.ThrowIfNull(remoteKey);
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var local = Fingerprint(primitives, localUserId, localKey);
        var remote = Fingerprint(primitives, remoteUserId, remoteKey);
        var localDigits = DisplayDigits(local);
        var remoteDigits = DisplayDigits(remote);
        var digits = string.CompareOrdinal(localDigits, remoteDigits) <= 0 ? localDigits + remoteDigits : remoteDigits + localDigits;
        return new SafetyNumber(local[..32], remote[..32], digits);
    }

    /// <summary>The digits in 12 groups of 5, separated by spaces, for display.</summary>
    /// <returns>The grouped digits.</returns>
    public string ToGroupedString()
    {
        var builder = new StringBuilder(72);
        for (var i = 0; i < Digits.Length; i += 5)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Digits, i, 5);
        }

        return builder.ToString();
    }

    /// <summary>The scannable form: version (0x02) ‖ own fingerprint (32) ‖ peer fingerprint (32), for a QR code.</summary>
    /// <returns>65 bytes.</returns>
    public byte[] ToScannableBytes()
    {
        var result = new byte[ScannableSize];
        result[0] = (byte)Version;
        _localFingerprint.CopyTo(result, 1);
        _remoteFingerprint.CopyTo(result, 33);
        return result;
    }

    /// <summary>Checks a code scanned from the peer's screen: it must list the peer first and us second.</summary>
    /// <param name="scanned">The scanned bytes.</param>
    /// <returns>True when both identity keys match.</returns>
    /// <exception cref="InvalidMessageException">The bytes are not a scannable safety number of this version.</exception>
    public bool MatchesScanned(ReadOnlySpan<byte> scanned)
    {
        if (scanned.Length != ScannableSize || scanned[0] != Version)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Not a version 2 scannable safety number.");
        }

        var first = CryptographicOperations.FixedTimeEquals(scanned[1..33], _remoteFingerprint);
        var second = CryptographicOperations.FixedTimeEquals(scanned[33..], _localFingerprint);
        return first & second;
    }

    /// <inheritdoc />
    public override string ToString() => ToGroupedString();

    /// <summary>hash_0 = version (u16 BE) ‖ key ‖ user id; hash_{i+1} = SHA-512(hash_i ‖ key); 5,200 rounds.</summary>
    private static byte[] Fingerprint(Primitives.Internal.CryptoPrimitives primitives, string userId, IdentityKey key)
    {
        var id = Encoding.UTF8.GetBytes(userId);
        var first = new byte[2 + 32 + id.Length];
        BinaryPrimitives.WriteUInt16BigEndian(first, Version);
        key.Span.CopyTo(first.AsSpan(2));
        id.CopyTo(first, 34);

        var buffer = new byte[Math.Max(first.Length, 64) + 32];
        var hash = new byte[64];
        first.CopyTo(buffer, 0);
        key.Span.CopyTo(buffer.AsSpan(first.Length));
        primitives.Sha512(buffer.AsSpan(0, first.Length + 32), hash);
        for (var i = 1; i < Iterations; i++)
        {
            hash.CopyTo(buffer, 0);
            key.Span.CopyTo(buffer.AsSpan(64));
            primitives.Sha512(buffer.AsSpan(0, 96), hash);
        }

        return hash;
    }

    /// <summary>Six 5-byte big-endian chunks of the hash, each mod 100,000, as 5 digits: 30 digits per party.</summary>
    private static string DisplayDigits(byte[] hash)
    {
        var builder = new StringBuilder(30);
        for (var i = 0; i < 30; i += 5)
        {
            ulong chunk = 0;
            for (var j = 0; j < 5; j++)
            {
                chunk = (chunk << 8) | hash[i + j];
            }

            builder.Append((chunk % 100000).ToString("D5", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
