using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>PQXDH key agreement with ML-KEM-768 (Signal PQXDH spec §3.3–§3.5; docs/protocol/crypto.md §5).</summary>
internal static class Pqxdh
{
    private const int DhSize = 32;

    /// <summary>Alice's side: verifies the bundle, performs DH1..DH4 and one encapsulation, and starts the ratchet.</summary>
    public static RatchetState Initiate(CryptoPrimitives primitives, IdentityKeyPair localIdentity, ProtocolAddress localAddress, PreKeyBundle bundle)
    {
        if (!bundle.VerifySignatures(primitives))
        {
            throw new InvalidKeyException(CryptoErrorCode.InvalidSignature, "A prekey signature in the bundle does not verify.");
        }

        Span<byte> remoteIdentityX = stackalloc byte[32];
        if (!primitives.Ed25519PublicToX25519(bundle.IdentityKey.Span, remoteIdentityX))
        {
            throw new InvalidKeyException("The remote identity key is not a valid Ed25519 point.");
        }

        var hasOneTime = bundle.OneTimePreKey.HasValue;
        var ikmLength = 32 + (DhSize * (hasOneTime ? 4 : 3)) + MlKem768.SharedSecretSize;
        Span<byte> ikm = stackalloc byte[ikmLength];
        Span<byte> identityPrivate = stackalloc byte[32];
        Span<byte> ephemeralPrivate = stackalloc byte[32];
        var ephemeralPublic = new byte[32];
        var kemCiphertext = new byte[MlKem768.CiphertextSize];
        Span<byte> sharedKey = stackalloc byte[32];
        try
        {
            localIdentity.DeriveX25519PrivateKey(identityPrivate, primitives);
            primitives.FillRandom(ephemeralPrivate);
            primitives.X25519PublicKey(ephemeralPrivate, ephemeralPublic);

            // F = 0xFF × 32 gives domain separation from XEdDSA-style inputs (PQXDH §2.5).
            ikm[..32].Fill(0xFF);
            var offset = 32;
            var spk = bundle.SignedPreKey.Span;
            var ok = primitives.X25519Agree(identityPrivate, spk, ikm.Slice(offset, DhSize)); // DH1 = DH(IK_A, SPK_B)
            ok &= primitives.X25519Agree(ephemeralPrivate, remoteIdentityX, ikm.Slice(offset += DhSize, DhSize)); // DH2 = DH(EK_A, IK_B)
            ok &= primitives.X25519Agree(ephemeralPrivate, spk, ikm.Slice(offset += DhSize, DhSize)); // DH3 = DH(EK_A, SPK_B)
            if (hasOneTime)
            {
                ok &= primitives.X25519Agree(ephemeralPrivate, bundle.OneTimePreKey!.Value.Span, ikm.Slice(offset += DhSize, DhSize)); // DH4
            }

            if (!ok)
            {
                throw new InvalidKeyException("A prekey is a low-order point.");
            }

            offset += DhSize;
            try
            {
                primitives.MlKem768Encapsulate(bundle.KemPreKey.Span, kemCiphertext, ikm.Slice(offset, MlKem768.SharedSecretSize)); // SS
            }
            catch (CryptographicException)
            {
                throw new InvalidKeyException("The KEM prekey is malformed.");
            }

            DeriveSharedKey(primitives, ikm, sharedKey);
            var associatedData = BuildAssociatedData(localIdentity.PublicKey, bundle.IdentityKey, ephemeralPublic, localAddress, bundle.Address);
            var pending = new PendingPreKey(bundle.SignedPreKeyId, bundle.OneTimePreKeyId, bundle.KemPreKeyId, kemCiphertext);
            var state = RatchetState.InitializeInitiator(primitives, sharedKey, spk, associatedData, localIdentity.PublicKey, bundle.IdentityKey, ephemeralPublic, pending);
            Span<byte> prefix = stackalloc byte[PreKeyMessage.PrefixSize];
            PreKeyMessage.WritePrefix(prefix, localIdentity.PublicKey, ephemeralPublic, pending);
            primitives.Sha256(prefix, state.SessionId);
            return state;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
            CryptographicOperations.ZeroMemory(identityPrivate);
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            CryptographicOperations.ZeroMemory(sharedKey);
        }
    }

    /// <summary>Bob's side: recomputes SK from his private prekeys and the values in the prekey message.</summary>
    public static RatchetState Respond(
        CryptoPrimitives primitives,
        IdentityKeyPair localIdentity,
        ProtocolAddress localAddress,
        ProtocolAddress remoteAddress,
        IdentityKey remoteIdentity,
        ReadOnlySpan<byte> baseKey,
        SignedPreKeyRecord signedPreKey,
        PreKeyRecord? oneTimePreKey,
        KemPreKeyRecord kemPreKey,
        ReadOnlySpan<byte> kemCiphertext,
        ReadOnlySpan<byte> prefix)
    {
        Span<byte> remoteIdentityX = stackalloc byte[32];
        if (!primitives.Ed25519PublicToX25519(remoteIdentity.Span, remoteIdentityX))
        {
            throw new InvalidMessageException("The sender identity key is not a valid Ed25519 point.");
        }

        var ikmLength = 32 + (DhSize * (oneTimePreKey is null ? 3 : 4)) + MlKem768.SharedSecretSize;
        Span<byte> ikm = stackalloc byte[ikmLength];
        Span<byte> identityPrivate = stackalloc byte[32];
        Span<byte> sharedKey = stackalloc byte[32];
        try
        {
            localIdentity.DeriveX25519PrivateKey(identityPrivate, primitives);
            ikm[..32].Fill(0xFF);
            var offset = 32;
            var ok = primitives.X25519Agree(signedPreKey.PrivateKey, remoteIdentityX, ikm.Slice(offset, DhSize)); // DH1
            ok &= primitives.X25519Agree(identityPrivate, baseKey, ikm.Slice(offset += DhSize, DhSize)); // DH2
            ok &= primitives.X25519Agree(signedPreKey.PrivateKey, baseKey, ikm.Slice(offset += DhSize, DhSize)); // DH3
            if (oneTimePreKey is not null)
            {
                ok &= primitives.X25519Agree(oneTimePreKey.PrivateKey, baseKey, ikm.Slice(offset += DhSize, DhSize)); // DH4
            }

            if (!ok)
            {
                throw new InvalidMessageException("The ephemeral key is a low-order point.");
            }

            offset += DhSize;

            // ML-KEM decapsulation never fails: a forged ciphertext yields an unrelated secret (implicit rejection,
            // FIPS 203 §6.3), so the first message's AEAD tag is what rejects it.
            primitives.MlKem768Decapsulate(kemPreKey.Seed, kemCiphertext, ikm.Slice(offset, MlKem768.SharedSecretSize));
            DeriveSharedKey(primitives, ikm, sharedKey);
            var associatedData = BuildAssociatedData(remoteIdentity, localIdentity.PublicKey, baseKey, remoteAddress, localAddress);
            var state = RatchetState.InitializeResponder(sharedKey, signedPreKey.PrivateKey, signedPreKey.PublicKey.Span, associatedData,
                localIdentity.PublicKey, remoteIdentity, baseKey.ToArray());
            primitives.Sha256(prefix, state.SessionId);
            return state;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
            CryptographicOperations.ZeroMemory(identityPrivate);
            CryptographicOperations.ZeroMemory(sharedKey);
        }
    }

    /// <summary>SK = HKDF-SHA256(salt = 0^32, ikm = F ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4] ‖ SS, info) (PQXDH §3.3).</summary>
    private static void DeriveSharedKey(CryptoPrimitives primitives, ReadOnlySpan<byte> ikm, Span<byte> sharedKey)
    {
        Span<byte> salt = stackalloc byte[32];
        salt.Clear();
        primitives.Hkdf(ikm, salt, ProtocolConstants.PqxdhInfo, sharedKey);
    }

    /// <summary>
    /// AD = "Chatalot_AD_v2" ‖ IK_A ‖ IK_B ‖ EK_A ‖ len(user_A) ‖ user_A ‖ device_A ‖ len(user_B) ‖ user_B ‖ device_B (§5.3).
    /// Binding the addresses as well as the keys closes the unknown-key-share gap of the original scheme (W7).
    /// EK_A is bound because X25519 ignores the top bit of a public key: without it, flipping that bit would give a
    /// second, equally valid encoding of the first message that names a different session.
    /// </summary>
    internal static byte[] BuildAssociatedData(IdentityKey initiatorKey, IdentityKey responderKey, ReadOnlySpan<byte> baseKey, ProtocolAddress initiator, ProtocolAddress responder)
    {
        var initiatorId = Encoding.UTF8.GetBytes(initiator.UserId);
        var responderId = Encoding.UTF8.GetBytes(responder.UserId);
        var label = ProtocolConstants.AssociatedDataLabel;
        var result = new byte[label.Length + 96 + 1 + initiatorId.Length + 4 + 1 + responderId.Length + 4];
        var span = result.AsSpan();
        label.CopyTo(span);
        span = span[label.Length..];
        initiatorKey.Span.CopyTo(span);
        responderKey.Span.CopyTo(span[32..]);
        baseKey.CopyTo(span[64..]);
        span = span[96..];
        span[0] = (byte)initiatorId.Length;
        initiatorId.CopyTo(span[1..]);
        span = span[(1 + initiatorId.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, initiator.DeviceId);
        span = span[4..];
        span[0] = (byte)responderId.Length;
        responderId.CopyTo(span[1..]);
        span = span[(1 + responderId.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, responder.DeviceId);
        return result;
    }
}
