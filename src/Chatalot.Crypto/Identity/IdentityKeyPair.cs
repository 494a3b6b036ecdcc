using System.Security.Cryptography;
using Chatalot.Crypto.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// A user's identity: an Ed25519 key pair, used to sign prekeys and, through the birational map, for X25519
/// agreement in PQXDH (docs/protocol/crypto.md §3). Dispose it to wipe the private seed.
/// </summary>
public sealed class IdentityKeyPair : IDisposable
{
    private const byte ExportVersion = 1;
    private readonly byte[] _seed;

    private IdentityKeyPair(byte[] seed, IdentityKey publicKey)
    {
        _seed = seed;
        PublicKey = publicKey;
    }

    /// <summary>The public identity key.</summary>
    public IdentityKey PublicKey { get; }

    /// <summary>Generates a new identity.</summary>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The key pair.</returns>
    public static IdentityKeyPair Generate(CryptoProvider? provider = null)
    {
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var seed = new byte[32];
        primitives.FillRandom(seed);
        Span<byte> publicKey = stackalloc byte[32];
        primitives.Ed25519PublicKey(seed, publicKey);
        return new IdentityKeyPair(seed, IdentityKey.FromBytes(publicKey));
    }

    /// <summary>Restores a key pair from <see cref="ExportPrivateKey"/> output.</summary>
    /// <param name="exported">The exported bytes.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The key pair.</returns>
    /// <exception cref="InvalidStateException">The bytes are malformed or do not form a consistent key pair.</exception>
    public static IdentityKeyPair Import(ReadOnlySpan<byte> exported, CryptoProvider? provider = null)
    {
        var reader = new WireReader(exported, static m => new InvalidStateException(m));
        if (reader.ReadByte() != ExportVersion)
        {
            throw new InvalidStateException("Unsupported identity export version.");
        }

        var seed = reader.ReadArray(32);
        var publicKey = reader.ReadBytes(32);
        reader.EnsureEnd();
        Span<byte> derived = stackalloc byte[32];
        (provider ?? CryptoProvider.Default).Primitives.Ed25519PublicKey(seed, derived);
        if (!CryptographicOperations.FixedTimeEquals(derived, publicKey))
        {
            CryptographicOperations.ZeroMemory(seed);
            throw new InvalidStateException("The identity export is inconsistent.");
        }

        return new IdentityKeyPair(seed, IdentityKey.FromBytes(publicKey));
    }

    /// <summary>
    /// Exports the private key for storage (version ‖ seed ‖ public key). The result is secret: keep it in
    /// protected storage and wipe it after use.
    /// </summary>
    /// <returns>65 bytes.</returns>
    public byte[] ExportPrivateKey()
    {
        var result = new byte[65];
        result[0] = ExportVersion;
        _seed.CopyTo(result, 1);
        PublicKey.Span.CopyTo(result.AsSpan(33));
        return result;
    }

    /// <summary>Signs a message with the identity key (pure Ed25519).</summary>
    /// <param name="message">The bytes to sign.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <returns>The 64-byte signature.</returns>
    public byte[] Sign(ReadOnlySpan<byte> message, CryptoProvider? provider = null)
    {
        var signature = new byte[64];
        Sign(message, signature, (provider ?? CryptoProvider.Default).Primitives);
        return signature;
    }

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);

    /// <inheritdoc />
    public override string ToString() => $"IdentityKeyPair({PublicKey})";

    internal void Sign(ReadOnlySpan<byte> message, Span<byte> signature, Primitives.Internal.CryptoPrimitives primitives) =>
        primitives.Ed25519Sign(_seed, PublicKey.Span, message, signature);

    /// <summary>The X25519 private key of this identity (SHA-512(seed)[0..32], clamped).</summary>
    internal void DeriveX25519PrivateKey(Span<byte> destination, Primitives.Internal.CryptoPrimitives primitives) =>
        primitives.Ed25519SeedToX25519(_seed, PublicKey.Span, destination);
}
