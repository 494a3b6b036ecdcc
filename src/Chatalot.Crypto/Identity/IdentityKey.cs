using System.Security.Cryptography;

namespace Chatalot.Crypto;

/// <summary>A user's public Ed25519 identity key (32 bytes, RFC 8032 encoding).</summary>
public sealed class IdentityKey : IEquatable<IdentityKey>
{
    /// <summary>Size of the encoded key.</summary>
    public const int Size = 32;

    private readonly byte[] _key;

    private IdentityKey(byte[] key) => _key = key;

    /// <summary>The encoded key.</summary>
    public ReadOnlySpan<byte> Span => _key;

    /// <summary>
    /// Reads a key from its 32-byte encoding. Only the length is checked here (records are read often); the point is
    /// fully validated wherever it is used for agreement or verification, and invalid points are rejected there.
    /// </summary>
    /// <param name="key">The encoded key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidKeyException">The length is not 32.</exception>
    public static IdentityKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Size)
        {
            throw new InvalidKeyException("An identity key is 32 bytes.");
        }

        return new IdentityKey(key.ToArray());
    }

    /// <summary>Copies the encoded key.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToArray() => (byte[])_key.Clone();

    /// <summary>Verifies an Ed25519 signature made with this key.</summary>
    /// <param name="message">The signed bytes.</param>
    /// <param name="signature">The 64-byte signature.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>True when the signature is valid.</returns>
    public bool VerifySignature(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, CryptoProvider? provider = null) =>
        (provider ?? CryptoProvider.Default).Primitives.Ed25519Verify(_key, message, signature);

    /// <inheritdoc />
    public bool Equals(IdentityKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_key, other._key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IdentityKey);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_key, 0);

    /// <summary>Public key, so printing it is harmless: the first 8 bytes in hex.</summary>
    /// <returns>A short display form.</returns>
    public override string ToString() => $"IdentityKey({Convert.ToHexStringLower(_key, 0, 8)}…)";
}
