using System.Security.Cryptography;
using Chatalot.Crypto.Accounts.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The existing device's side of a device link (crypto.md §15.4): its ephemeral X25519 key, and the sealing of the link
/// payload to the new device once its user confirmed the code. One instance per link; dispose it to wipe the private key.
/// </summary>
public sealed class DeviceLinkResponder : IDisposable
{
    private readonly CryptoPrimitives _primitives;
    private readonly byte[] _ephemeralPrivate;
    private bool _disposed;

    private DeviceLinkResponder(CryptoPrimitives primitives, byte[] ephemeralPrivate, byte[] ephemeralKey)
    {
        _primitives = primitives;
        _ephemeralPrivate = ephemeralPrivate;
        EphemeralKey = ephemeralKey;
    }

    /// <summary>The ephemeral X25519 public key <c>X_E</c> (32 bytes), posted in step 2.</summary>
    public byte[] EphemeralKey { get; }

    /// <summary>Draws the ephemeral X25519 private key (32 bytes).</summary>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when <see langword="null"/>.</param>
    /// <returns>The responder.</returns>
    public static DeviceLinkResponder Create(CryptoProvider? provider = null)
    {
        var primitives = (provider ?? CryptoProvider.Default).Primitives;
        var ephemeralPrivate = new byte[CryptoPrimitives.X25519KeySize];
        var ephemeralKey = new byte[CryptoPrimitives.X25519KeySize];
        primitives.FillRandom(ephemeralPrivate);
        primitives.X25519PublicKey(ephemeralPrivate, ephemeralKey);
        return new DeviceLinkResponder(primitives, ephemeralPrivate, ephemeralKey);
    }

    /// <summary>
    /// Seals the link payload for the new device (step 5): X25519 with <c>X_N</c>, ML-KEM-768 encapsulation to <c>ek_N</c>
    /// (32 random bytes from the provider), <c>K</c> bound to the transcript, ChaCha20-Poly1305 with the transcript as
    /// associated data. Call it only after the user confirmed that the codes match. Each call encapsulates afresh, so
    /// every result is under its own key.
    /// </summary>
    /// <param name="transcript">The link's transcript; its responder key must be <see cref="EphemeralKey"/>.</param>
    /// <param name="payload">The secret payload (crypto.md §15.4).</param>
    /// <returns>The ML-KEM-768 ciphertext (1,088 bytes) followed by the ciphertext and tag, to post.</returns>
    /// <exception cref="InvalidMessageException">The transcript is not this device's, or the new device's keys are a
    /// low-order X25519 point or a malformed ML-KEM-768 key.</exception>
    /// <exception cref="ObjectDisposedException">The responder was disposed.</exception>
    public byte[] SealPayload(DeviceLinkTranscript transcript, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!transcript.HasResponderKey(EphemeralKey))
        {
            throw new InvalidMessageException("The link transcript does not hold this device's key.");
        }

        var result = new byte[DeviceLinkKey.CiphertextSize + payload.Length + CryptoPrimitives.AeadTagSize];
        Span<byte> dh = stackalloc byte[32];
        Span<byte> kem = stackalloc byte[MlKem768.SharedSecretSize];
        Span<byte> key = stackalloc byte[CryptoPrimitives.AeadKeySize];
        try
        {
            if (!_primitives.X25519Agree(_ephemeralPrivate, transcript.EphemeralKey.Span, dh))
            {
                throw new InvalidMessageException("The new device's link key is a low-order point.");
            }

            try
            {
                _primitives.MlKem768Encapsulate(transcript.KemKey.Span, result.AsSpan(0, DeviceLinkKey.CiphertextSize), kem);
            }
            catch (CryptographicException)
            {
                throw new InvalidMessageException("The new device's ML-KEM-768 key is malformed.");
            }

            DeviceLinkKey.Derive(_primitives, dh, kem, transcript.Hash.Span, key);
            _primitives.AeadEncrypt(key, DeviceLinkKey.Nonce, payload, transcript.Hash.Span, result.AsSpan(DeviceLinkKey.CiphertextSize));
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
            CryptographicOperations.ZeroMemory(kem);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Wipes the private key.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_ephemeralPrivate);
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceLinkResponder(key {Convert.ToHexStringLower(EphemeralKey, 0, 8)}…)";

    /// <summary>Test seam: whether Dispose wiped the private key.</summary>
    internal bool SecretsAreZero() => _ephemeralPrivate.AsSpan().IndexOfAnyExcept((byte)0) < 0;
}
