using System.Buffers.Binary;
using System.Text;

namespace Chatalot.Crypto.PreKeys.Internal;

/// <summary>
/// The exact byte strings the identity key signs for prekeys (docs/protocol/crypto.md §4.2). The server verifies
/// them on upload with plain Ed25519, so these layouts are frozen.
/// </summary>
internal static class PreKeySignatures
{
    public static readonly byte[] SignedPreKeyContext = Encoding.ASCII.GetBytes("Chatalot_SignedPreKey_v2");
    public static readonly byte[] KemPreKeyContext = Encoding.ASCII.GetBytes("Chatalot_KemPreKey_v2");

    public const byte KemOneTime = 1;
    public const byte KemLastResort = 2;

    /// <summary>"Chatalot_SignedPreKey_v2" ‖ id (u32 BE) ‖ X25519 public key (32).</summary>
    public static byte[] SignedPreKeyMessage(uint id, ReadOnlySpan<byte> publicKey)
    {
        var message = new byte[SignedPreKeyContext.Length + 4 + publicKey.Length];
        SignedPreKeyContext.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(SignedPreKeyContext.Length), id);
        publicKey.CopyTo(message.AsSpan(SignedPreKeyContext.Length + 4));
        return message;
    }

    /// <summary>"Chatalot_KemPreKey_v2" ‖ id (u32 BE) ‖ kind (1 one-time, 2 last resort) ‖ ML-KEM-768 public key (1184).</summary>
    public static byte[] KemPreKeyMessage(uint id, bool isLastResort, ReadOnlySpan<byte> publicKey)
    {
        var message = new byte[KemPreKeyContext.Length + 5 + publicKey.Length];
        KemPreKeyContext.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(KemPreKeyContext.Length), id);
        message[KemPreKeyContext.Length + 4] = isLastResort ? KemLastResort : KemOneTime;
        publicKey.CopyTo(message.AsSpan(KemPreKeyContext.Length + 5));
        return message;
    }
}
