using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Chatalot.Server.Hosting.Keys.Internal;

/// <summary>
/// Verifies prekey signatures with plain Ed25519 over the byte strings frozen in <c>docs/protocol/crypto.md</c> §4.2
/// (the crypto package signs exactly these). This is the only place the server builds them.
/// </summary>
internal static class PrekeySignatureVerifier
{
    private static readonly byte[] SignedPrekeyContext = Encoding.ASCII.GetBytes("Chatalot_SignedPreKey_v2");
    private static readonly byte[] KemPrekeyContext = Encoding.ASCII.GetBytes("Chatalot_KemPreKey_v2");
    private const byte KemOneTime = 1;
    private const byte KemLastResort = 2;

    /// <summary>"Chatalot_SignedPreKey_v2" ‖ id (u32 BE) ‖ X25519 public key.</summary>
    public static byte[] SignedPrekeyMessage(uint keyId, ReadOnlySpan<byte> publicKey)
    {
        var message = new byte[SignedPrekeyContext.Length + 4 + publicKey.Length];
        SignedPrekeyContext.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(SignedPrekeyContext.Length), keyId);
        publicKey.CopyTo(message.AsSpan(SignedPrekeyContext.Length + 4));
        return message;
    }

    /// <summary>"Chatalot_KemPreKey_v2" ‖ id (u32 BE) ‖ kind (1 one-time, 2 last resort) ‖ ML-KEM public key.</summary>
    public static byte[] KemPrekeyMessage(uint keyId, bool lastResort, ReadOnlySpan<byte> publicKey)
    {
        var message = new byte[KemPrekeyContext.Length + 5 + publicKey.Length];
        KemPrekeyContext.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(KemPrekeyContext.Length), keyId);
        message[KemPrekeyContext.Length + 4] = lastResort ? KemLastResort : KemOneTime;
        publicKey.CopyTo(message.AsSpan(KemPrekeyContext.Length + 5));
        return message;
    }

    public static bool IsValidIdentityKey(ReadOnlySpan<byte> identityKey) =>
        identityKey.Length == 32 && PublicKey.TryImport(SignatureAlgorithm.Ed25519, identityKey, KeyBlobFormat.RawPublicKey, out _);

    public static bool Verify(ReadOnlySpan<byte> identityKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, identityKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }
}
