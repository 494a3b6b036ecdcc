using System.Security.Cryptography;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>
/// The one seam between the protocol code and the primitive implementations (docs/protocol/crypto.md §2).
/// Curve25519, Ed25519 and the AEAD are abstract; ML-KEM-768 always comes from BouncyCastle; the hash-based
/// functions come from the .NET base library, which works on every runtime including the browser.
/// </summary>
/// <remarks>
/// All randomness flows through <see cref="FillRandom"/> so that tests can inject a deterministic source and
/// reproduce the checked-in protocol vectors byte for byte.
/// </remarks>
internal abstract class CryptoPrimitives
{
    public const int X25519KeySize = 32;
    public const int Ed25519PublicKeySize = 32;
    public const int Ed25519SeedSize = 32;
    public const int Ed25519SignatureSize = 64;
    public const int AeadKeySize = 32;
    public const int AeadNonceSize = 12;
    public const int AeadTagSize = 16;

    private readonly IRandomSource _random;
    private readonly StrictKeyCache _strictKeys = new();

    protected CryptoPrimitives(IRandomSource random) => _random = random;

    public abstract CryptoProviderKind Kind { get; }

    public void FillRandom(Span<byte> destination) => _random.Fill(destination);

    /// <summary>Derives the X25519 public key of a (not necessarily clamped) 32-byte private key (RFC 7748 §6.1).</summary>
    public abstract void X25519PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);

    /// <summary>X25519 agreement; returns false when the output is all zero (low-order peer key, RFC 7748 §6.1).</summary>
    public abstract bool X25519Agree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret);

    /// <summary>Derives the Ed25519 public key from a 32-byte seed (RFC 8032 §5.1.5).</summary>
    public abstract void Ed25519PublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey);

    /// <summary>Pure Ed25519 signature (RFC 8032 §5.1.6).</summary>
    public abstract void Ed25519Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>
    /// Pure Ed25519 verification (RFC 8032 §5.1.7) under the strict rule of docs/protocol/crypto.md §2.1, so that both
    /// providers accept exactly the same signatures. S &lt; L and the key's validity are checked here, in front of either
    /// provider (the key once per key, <see cref="StrictKeyCache"/>); R's is the provider's part of the contract
    /// (<see cref="Ed25519VerifyCore"/>).
    /// </summary>
    public bool Ed25519Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        publicKey.Length == Ed25519PublicKeySize && signature.Length == Ed25519SignatureSize
        && Ed25519Strict.IsCanonicalScalar(signature[32..]) && _strictKeys.IsStrictPoint(publicKey)
        && Ed25519VerifyCore(publicKey, message, signature);

    /// <summary>
    /// The provider's Ed25519 verification for a key already known to be a strict point and S &lt; L (lengths checked).
    /// It must refuse every R that is not a canonical point of the prime-order subgroup other than the identity.
    /// </summary>
    internal abstract bool Ed25519VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>
    /// Maps an Ed25519 public key to its X25519 (Montgomery) form, u = (1 + y) / (1 - y) (RFC 7748 §4.1).
    /// Returns false for keys that do not decode to a point of the prime-order subgroup.
    /// </summary>
    public abstract bool Ed25519PublicToX25519(ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PublicKey);

    /// <summary>The X25519 private scalar of an Ed25519 seed: SHA-512(seed)[0..32] (clamped at use).</summary>
    public abstract void Ed25519SeedToX25519(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> edPublicKey, Span<byte> x25519PrivateKey);

    /// <summary>ChaCha20-Poly1305 (RFC 8439 §2.8); <paramref name="ciphertext"/> receives ciphertext ‖ tag.</summary>
    public abstract void AeadEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext);

    /// <summary>ChaCha20-Poly1305 open; returns false (and writes nothing usable) when the tag does not verify.</summary>
    public abstract bool AeadDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    /// <summary>ML-KEM-768 key generation from the 64-byte seed d ‖ z (FIPS 203 Algorithm 19).</summary>
    public void MlKem768GenerateKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey) => MlKem768.GenerateKeyPair(seed, publicKey);

    /// <summary>ML-KEM-768 encapsulation (FIPS 203 Algorithm 20) drawing its 32-byte message from <see cref="FillRandom"/>.</summary>
    public void MlKem768Encapsulate(ReadOnlySpan<byte> publicKey, Span<byte> ciphertext, Span<byte> sharedSecret) =>
        MlKem768.Encapsulate(publicKey, ciphertext, sharedSecret, _random);

    /// <summary>ML-KEM-768 decapsulation (FIPS 203 Algorithm 21) with the private key given as its 64-byte seed.</summary>
    public void MlKem768Decapsulate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret) =>
        MlKem768.Decapsulate(seed, ciphertext, sharedSecret);

#pragma warning disable CA1822 // Instance members so that every primitive is reached through the provider.
    /// <summary>HKDF-SHA256 (RFC 5869).</summary>
    public void Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt, info);

    /// <summary>HKDF-Expand with SHA-256 (RFC 5869 §2.3), for inputs that are already uniformly random.</summary>
    public void HkdfExpand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);

    /// <summary>HMAC-SHA256 (RFC 2104).</summary>
    public void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output) =>
        HMACSHA256.HashData(key, data, output);

    /// <summary>SHA-256 (FIPS 180-4).</summary>
    public void Sha256(ReadOnlySpan<byte> data, Span<byte> output) => SHA256.HashData(data, output);

    /// <summary>SHA-512 (FIPS 180-4).</summary>
    public void Sha512(ReadOnlySpan<byte> data, Span<byte> output) => SHA512.HashData(data, output);
#pragma warning restore CA1822
}
