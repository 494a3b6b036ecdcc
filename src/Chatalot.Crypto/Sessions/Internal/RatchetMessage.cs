using System.Buffers.Binary;

namespace Chatalot.Crypto.Sessions.Internal;

/// <summary>
/// Ratchet message layout (docs/protocol/crypto.md §6.3): version (0x02) ‖ type (0x02) ‖ ratchet key (32) ‖ PN (u32 BE) ‖ N (u32 BE)
/// ‖ ciphertext ‖ tag (16). The first 42 bytes are the encoded header that the AEAD authenticates.
/// </summary>
internal static class RatchetMessage
{
    public const int HeaderSize = 42;
    public const int TagSize = 16;
    public const int MinimumSize = HeaderSize + TagSize;

    public static int GetLength(int plaintextLength) => HeaderSize + plaintextLength + TagSize;

    public static void WriteHeader(Span<byte> destination, ReadOnlySpan<byte> ratchetKey, uint previousCount, uint number)
    {
        destination[0] = ProtocolConstants.Version;
        destination[1] = ProtocolConstants.TypeRatchet;
        ratchetKey.CopyTo(destination[2..34]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[34..38], previousCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[38..42], number);
    }

    /// <summary>Parses the header; throws <see cref="InvalidMessageException"/> for anything malformed.</summary>
    public static void ReadHeader(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> ratchetKey, out uint previousCount, out uint number)
    {
        if (message.Length < MinimumSize)
        {
            throw new InvalidMessageException("The message is truncated.");
        }

        if (message[0] != ProtocolConstants.Version)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported message version.");
        }

        if (message[1] != ProtocolConstants.TypeRatchet)
        {
            throw new InvalidMessageException("Not a ratchet message.");
        }

        ratchetKey = message[2..34];
        previousCount = BinaryPrimitives.ReadUInt32BigEndian(message[34..38]);
        number = BinaryPrimitives.ReadUInt32BigEndian(message[38..42]);
    }
}
