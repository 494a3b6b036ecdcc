using Chatalot.Crypto.PreKeys.Internal;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The public keys of one device, as fetched from the server, from which PQXDH starts a session. Only the sizes
/// are checked here; <see cref="SessionBuilder"/> verifies every signature before it uses a key.
/// </summary>
public sealed class PreKeyBundle
{
    /// <summary>Creates a bundle.</summary>
    /// <param name="address">The device the bundle belongs to.</param>
    /// <param name="identityKey">The user's identity key.</param>
    /// <param name="signedPreKeyId">The signed prekey id.</param>
    /// <param name="signedPreKey">The signed X25519 prekey (32 bytes).</param>
    /// <param name="signedPreKeySignature">Its signature (64 bytes).</param>
    /// <param name="kemPreKeyId">The ML-KEM-768 prekey id.</param>
    /// <param name="kemPreKey">The ML-KEM-768 prekey (1184 bytes).</param>
    /// <param name="kemPreKeySignature">Its signature (64 bytes).</param>
    /// <param name="kemPreKeyIsLastResort">True when the server handed out the last-resort KEM key.</param>
    /// <param name="oneTimePreKeyId">The one-time X25519 prekey id, when the server had one.</param>
    /// <param name="oneTimePreKey">The one-time X25519 prekey (32 bytes), when the server had one.</param>
    /// <exception cref="InvalidKeyException">A key or signature has the wrong size, or only one of the one-time fields is given.</exception>
    public PreKeyBundle(
        ProtocolAddress address,
        IdentityKey identityKey,
        uint signedPreKeyId,
        ReadOnlyMemory<byte> signedPreKey,
        ReadOnlyMemory<byte> signedPreKeySignature,
        uint kemPreKeyId,
        ReadOnlyMemory<byte> kemPreKey,
        ReadOnlyMemory<byte> kemPreKeySignature,
        bool kemPreKeyIsLastResort,
        uint? oneTimePreKeyId = null,
        ReadOnlyMemory<byte>? oneTimePreKey = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(identityKey);
        if (signedPreKey.Length != 32 || signedPreKeySignature.Length != 64 || kemPreKey.Length != MlKem768.PublicKeySize
            || kemPreKeySignature.Length != 64)
        {
            throw new InvalidKeyException("A prekey or prekey signature has the wrong size.");
        }

        if (oneTimePreKeyId.HasValue != oneTimePreKey.HasValue || (oneTimePreKey is { } otp && otp.Length != 32))
        {
            throw new InvalidKeyException("The one-time prekey needs both an id and a 32-byte key.");
        }

        Address = address;
        IdentityKey = identityKey;
        SignedPreKeyId = signedPreKeyId;
        SignedPreKey = signedPreKey.ToArray();
        SignedPreKeySignature = signedPreKeySignature.ToArray();
        KemPreKeyId = kemPreKeyId;
        KemPreKey = kemPreKey.ToArray();
        KemPreKeySignature = kemPreKeySignature.ToArray();
        KemPreKeyIsLastResort = kemPreKeyIsLastResort;
        OneTimePreKeyId = oneTimePreKeyId;
        OneTimePreKey = oneTimePreKey is { } key ? new ReadOnlyMemory<byte>(key.ToArray()) : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>The device the bundle belongs to.</summary>
    public ProtocolAddress Address { get; }

    /// <summary>The user's identity key.</summary>
    public IdentityKey IdentityKey { get; }

    /// <summary>The signed prekey id.</summary>
    public uint SignedPreKeyId { get; }

    /// <summary>The signed X25519 prekey.</summary>
    public ReadOnlyMemory<byte> SignedPreKey { get; }

    /// <summary>The signed prekey's signature.</summary>
    public ReadOnlyMemory<byte> SignedPreKeySignature { get; }

    /// <summary>The ML-KEM-768 prekey id.</summary>
    public uint KemPreKeyId { get; }

    /// <summary>The ML-KEM-768 prekey.</summary>
    public ReadOnlyMemory<byte> KemPreKey { get; }

    /// <summary>The ML-KEM-768 prekey's signature.</summary>
    public ReadOnlyMemory<byte> KemPreKeySignature { get; }

    /// <summary>True when the KEM prekey is the last-resort key.</summary>
    public bool KemPreKeyIsLastResort { get; }

    /// <summary>The one-time X25519 prekey id, if any.</summary>
    public uint? OneTimePreKeyId { get; }

    /// <summary>The one-time X25519 prekey, if any.</summary>
    public ReadOnlyMemory<byte>? OneTimePreKey { get; }

    /// <summary>Builds the bundle a device publishes from its own records (what the server will hand out).</summary>
    /// <param name="address">The device's address.</param>
    /// <param name="identityKey">The user's identity key.</param>
    /// <param name="signedPreKey">The current signed prekey.</param>
    /// <param name="kemPreKey">A one-time or last-resort KEM prekey.</param>
    /// <param name="oneTimePreKey">A one-time prekey, if any.</param>
    /// <returns>The bundle.</returns>
    public static PreKeyBundle FromRecords(ProtocolAddress address, IdentityKey identityKey, SignedPreKeyRecord signedPreKey, KemPreKeyRecord kemPreKey, PreKeyRecord? oneTimePreKey = null)
    {
        ArgumentNullException.ThrowIfNull(signedPreKey);
        ArgumentNullException.ThrowIfNull(kemPreKey);
        return new PreKeyBundle(address, identityKey, signedPreKey.Id, signedPreKey.PublicKey, signedPreKey.Signature,
            kemPreKey.Id, kemPreKey.PublicKey, kemPreKey.Signature, kemPreKey.IsLastResort, oneTimePreKey?.Id, oneTimePreKey?.PublicKey);
    }

    /// <summary>Verifies both prekey signatures against the identity key.</summary>
    internal bool VerifySignatures(CryptoPrimitives primitives) =>
        primitives.Ed25519Verify(IdentityKey.Span, PreKeySignatures.SignedPreKeyMessage(SignedPreKeyId, SignedPreKey.Span), SignedPreKeySignature.Span)
        && primitives.Ed25519Verify(IdentityKey.Span, PreKeySignatures.KemPreKeyMessage(KemPreKeyId, KemPreKeyIsLastResort, KemPreKey.Span), KemPreKeySignature.Span);

    /// <inheritdoc />
    public override string ToString() => $"PreKeyBundle({Address}, spk {SignedPreKeyId}, kem {KemPreKeyId}, opk {OneTimePreKeyId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})";
}
