using System.Buffers.Binary;
using System.Security.Cryptography;
using Chatalot.Crypto.Sessions.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// The current state of a sender's chain (chain id, iteration, chain key, signing key). It is secret: send it only
/// as the plaintext of pairwise <see cref="SessionCipher"/> messages to each member device, never to the server
/// (fixes W1 of the original scheme). Layout: version ‖ 0x04 ‖ chain id ‖ iteration ‖ chain key (32) ‖ signing key (32).
/// </summary>
public sealed class SenderKeyDistributionMessage
{
    /// <summary>Size of the serialised message.</summary>
    public const int Size = 74;

    private readonly byte[] _chainKey;
    private readonly byte[] _signingKey;

    internal SenderKeyDistributionMessage(uint chainId, uint iteration, byte[] chainKey, byte[] signingKey)
    {
        ChainId = chainId;
        Iteration = iteration;
        _chainKey = chainKey;
        _signingKey = signingKey;
    }

    /// <summary>The chain id.</summary>
    public uint ChainId { get; }

    /// <summary>The iteration the chain key corresponds to: the receiver can read this and later messages only.</summary>
    public uint Iteration { get; }

    internal ReadOnlySpan<byte> ChainKey => _chainKey;

    internal ReadOnlySpan<byte> SigningKey => _signingKey;

    /// <summary>Parses a distribution message (after it was decrypted from a pairwise message).</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidMessageException">The bytes are malformed.</exception>
    public static SenderKeyDistributionMessage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
        {
            throw new InvalidMessageException("A sender-key distribution message is 74 bytes.");
        }

        if (data[0] != ProtocolConstants.Version)
        {
            throw new InvalidMessageException(CryptoErrorCode.UnsupportedVersion, "Unsupported message version.");
        }

        if (data[1] != ProtocolConstants.TypeSenderKeyDistribution)
        {
            throw new InvalidMessageException("Not a sender-key distribution message.");
        }

        return new SenderKeyDistributionMessage(
            BinaryPrimitives.ReadUInt32BigEndian(data[2..]), BinaryPrimitives.ReadUInt32BigEndian(data[6..]), data[10..42].ToArray(), data[42..74].ToArray());
    }

    /// <summary>Serialises the message (secret: encrypt it pairwise).</summary>
    /// <returns>74 bytes.</returns>
    public byte[] Serialize()
    {
        var result = new byte[Size];
        result[0] = ProtocolConstants.Version;
        result[1] = ProtocolConstants.TypeSenderKeyDistribution;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), ChainId);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(6), Iteration);
        _chainKey.CopyTo(result, 10);
        _signingKey.CopyTo(result, 42);
        return result;
    }

    /// <summary>Wipes the chain key held by this object.</summary>
    public void Wipe() => CryptographicOperations.ZeroMemory(_chainKey);

    /// <inheritdoc />
    public override string ToString() => $"SenderKeyDistributionMessage(chain {ChainId}, iteration {Iteration})";
}
