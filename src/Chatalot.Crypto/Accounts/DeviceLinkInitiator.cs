using System.Security.Cryptography;
using Chatalot.Crypto.Accounts.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The new device's side of a device link (crypto.md §15.4): its ephemeral X25519 and ML-KEM-768 keys, the commitment
/// it posts first, and the opening of the sealed payload once its user confirmed the code. One instance per link;
/// dispose it to wipe the private keys.
/// </summary>
public sealed class DeviceLinkInitiator : IDisposable
{
    private readonly CryptoPrimitives _primitives;
    private readonly byte[] _ephemeralPrivate;
    private readonly byte[] _kemSeed;
    private bool _disposed;

    private DeviceLinkInitiator(CryptoPrimitives primitives, byte[] ephemeralPrivate, byte[] kemSeed, byte[] ephemeralKey, byte[] kemKey)
    {
        _primitives = primitives;
        _ephemeralPrivate = ephemeralPrivate;
        _kemSeed = kemSeed;
        EphemeralKey = ephemeralKey;
        KemKey = kemKey;
        Commitment = DeviceLinkTranscript.Commit(ephemeralKey, kemKey);
    }

    /// <summary>The commitment to <see cref="EphemeralKey"/> and <see cref="KemKey"/>, posted with the link request (step 1).</summary>
    public byte[] Commitment { get; }

    /// <summary>The ephemeral X25519 public key <c>X_N</c> (32 bytes), revealed in step 3.</summary>
    public byte[] EphemeralKey { get; }

    /// <summary>The ephemeral ML-KEM-768 public key <c>ek_N</c> (1,184 bytes), revealed in step 3.</summary>
    public byte[] KemKey { get; }

    /// <summary>Draws the ephemeral keys: an X25519 private key (32 bytes), then an ML-KEM-768 seed (64 bytes).</summary>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The initiator.</returns>
    public static DeviceLinkInitiator Create(CryptoProvider? provider = null)
    {
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var ephemeralPrivate = new byte[CryptoPrimitives.X25519KeySize];
        var kemSeed = new byte[MlKem768.SeedSize];
        var ephemeralKey = new byte[CryptoPrimitives.X25519KeySize];
        var kemKey = new byte[MlKem768.PublicKeySize];
        primitives.FillRandom(ephemeralPrivate);
        primitives.FillRandom(kemSeed);
        primitives.X25519PublicKey(ephemeralPrivate, ephemeralKey);
        primitives.MlKem768GenerateKeyPair(kemSeed, kemKey);
        return new DeviceLinkInitiator(primitives, ephemeralPrivate, kemSeed, ephemeralKey, kemKey);
    }

    /// <summary>
    /// Opens the payload the existing device sealed (step 5). Call it only after the user confirmed that the code of
    /// <paramref name="transcript"/> matches the one shown on the other device.
    /// </summary>
    /// <param name="transcript">The link's transcript; it must hold this device's own keys.</param>
    /// <param name="sealedPayload">The ML-KEM-768 ciphertext (1,088 bytes) followed by the ChaCha20-Poly1305 output.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="InvalidMessageException">The transcript is not this device's, the responder key is a low-order
    /// point, or the payload is truncated or does not authenticate.</exception>
    /// <exception cref="ObjectDisposedException">The initiator was disposed.</exception>
    public byte[] OpenPayload(DeviceLinkTranscript transcript, ReadOnlySpan<byte> sealedPayload)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!transcript.HasInitiatorKeys(EphemeralKey, KemKey))
        {
            throw new InvalidMessageException("The link transcript does not hold this device's keys.");
        }

        if (sealedPayload.Length < DeviceLinkKey.CiphertextSize + CryptoPrimitives.AeadTagSize)
        {
            throw new InvalidMessageException("The sealed link payload is truncated.");
        }

        Span<byte> dh = stackalloc byte[32];
        Span<byte> kem = stackalloc byte[MlKem768.SharedSecretSize];
        Span<byte> key = stackalloc byte[CryptoPrimitives.AeadKeySize];
        try
        {
            if (!_primitives.X25519Agree(_ephemeralPrivate, transcript.ResponderKey.Span, dh))
            {
                throw new InvalidMessageException("The responder's link key is a low-order point.");
            }

            // Implicit rejection: a forged ciphertext yields an unrelated secret, which the AEAD then refuses.
            _primitives.MlKem768Decapsulate(_kemSeed, sealedPayload[..DeviceLinkKey.CiphertextSize], kem);
            DeviceLinkKey.Derive(_primitives, dh, kem, transcript.Hash.Span, key);
            var ciphertext = sealedPayload[DeviceLinkKey.CiphertextSize..];
            var payload = new byte[ciphertext.Length - CryptoPrimitives.AeadTagSize];
            if (!_primitives.AeadDecrypt(key, DeviceLinkKey.Nonce, ciphertext, transcript.Hash.Span, payload))
            {
                throw new InvalidMessageException("The link payload does not authenticate.");
            }

            return payload;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
            CryptographicOperations.ZeroMemory(kem);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Wipes the private keys.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_ephemeralPrivate);
        CryptographicOperations.ZeroMemory(_kemSeed);
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceLinkInitiator(commitment {Convert.ToHexStringLower(Commitment, 0, 8)}…)";

    /// <summary>Test seam: the secrets Dispose must wipe.</summary>
    internal bool SecretsAreZero() => _ephemeralPrivate.AsSpan().IndexOfAnyExcept((byte)0) < 0 && _kemSeed.AsSpan().IndexOfAnyExcept((byte)0) < 0;
}
