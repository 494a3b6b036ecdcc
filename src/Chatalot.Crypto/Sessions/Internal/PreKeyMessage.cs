using System.Buffers.Binary;
using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>
/// PreKey message layout (§5.2): version ‖ 0x01 ‖ IK_A (32) ‖ EK_A (32) ‖ SPK id (u32) ‖ has OPK (u8) ‖ OPK id (u32)
/// ‖ KEM prekey id (u32) ‖ KEM ciphertext (1088) ‖ ratchet message.
/// </summary>
internal readonly ref struct PreKeyMessage
{
    public const int PrefixSize = 2 + 32 + 32 + 4 + 1 + 4 + 4 + MlKem768.CiphertextSize;

    public PreKeyMessage(ReadOnlySpan<byte> message)
    {
        if (message.Length < PrefixSize + RatchetMessage.MinimumSize)
        {
            throw new InvalidMessageException("The prekey message is truncated.");
        }

        if (message[0] != ProtocolConstants.Version)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported message version.");
        }

        if (message[1] != ProtocolConstants.TypePreKey)
        {
            throw new InvalidMessageException("Not a prekey message.");
        }

        IdentityKey = message[2..34];
        BaseKey = message[34..66];
        SignedPreKeyId = BinaryPrimitives.ReadUInt32BigEndian(message[66..70]);
        OneTimePreKeyId = message[70] switch
        {
            0 when BinaryPrimitives.ReadUInt32BigEndian(message[71..75]) == 0 => null,
            1 => BinaryPrimitives.ReadUInt32BigEndian(message[71..75]),
            _ => throw new InvalidMessageException("Invalid one-time prekey flag."),
        };
        KemPreKeyId = BinaryPrimitives.ReadUInt32BigEndian(message[75..79]);
        KemCiphertext = message[79..PrefixSize];
        Inner = message[PrefixSize..];
    }

    public ReadOnlySpan<byte> IdentityKey { get; }

    public ReadOnlySpan<byte> BaseKey { get; }

    public uint SignedPreKeyId { get; }

    public uint? OneTimePreKeyId { get; }

    public uint KemPreKeyId { get; }

    public ReadOnlySpan<byte> KemCiphertext { get; }

    public ReadOnlySpan<byte> Inner { get; }

    public static void WritePrefix(Span<byte> destination, IdentityKey identityKey, ReadOnlySpan<byte> baseKey, PendingPreKey pending)
    {
        destination[0] = ProtocolConstants.Version;
        destination[1] = ProtocolConstants.TypePreKey;
        identityKey.Span.CopyTo(destination[2..34]);
        baseKey.CopyTo(destination[34..66]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[66..70], pending.SignedPreKeyId);
        destination[70] = pending.OneTimePreKeyId.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[71..75], pending.OneTimePreKeyId ?? 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[75..79], pending.KemPreKeyId);
        pending.KemCiphertext.CopyTo(destination[79..PrefixSize]);
    }
}
