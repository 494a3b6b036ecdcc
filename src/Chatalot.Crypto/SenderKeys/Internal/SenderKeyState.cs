using System.Buffers.Binary;
using System.Security.Cryptography;
using Chatalot.Crypto.Internal;
using Chatalot.Crypto.Primitives.Internal;
using Chatalot.Crypto.Sessions.Internal;

namespace Chatalot.Crypto.SenderKeys.Internal;

/// <summary>
/// One sender-key chain (docs/protocol/crypto.md §7): chain id, iteration, chain key, the chain's Ed25519 signing
/// key (private part only on the sender's own device) and the keys of skipped iterations.
/// </summary>
internal sealed class SenderKeyState
{
    public const int MaxSkipPerStep = 2000;
    public const int MaxSkippedKeys = 2000;
    public const int MessageHeaderSize = 10;
    public const int SignatureSize = 64;

    private static readonly byte[] MessageKeyConstant = [0x01];
    private static readonly byte[] ChainKeyConstant = [0x02];
    private static readonly byte[] MessageKeysInfo = System.Text.Encoding.ASCII.GetBytes("Chatalot_SenderKey_MessageKeys_v2");

    private readonly List<(uint Iteration, byte[] Seed)> _skipped;

    public SenderKeyState(uint chainId, uint iteration, byte[] chainKey, byte[] signingPublicKey, byte[]? signingSeed, uint firstIteration, List<(uint, byte[])>? skipped = null)
    {
        ChainId = chainId;
        Iteration = iteration;
        ChainKey = chainKey;
        SigningPublicKey = signingPublicKey;
        SigningSeed = signingSeed;
        FirstIteration = firstIteration;
        _skipped = skipped ?? [];
    }

    public uint ChainId { get; }

    /// <summary>The next iteration to send (own chain) or the next expected iteration (received chain).</summary>
    public uint Iteration { get; private set; }

    /// <summary>The iteration at which this device learned the chain; earlier messages are unreadable by design.</summary>
    public uint FirstIteration { get; }

    public byte[] ChainKey { get; }

    public byte[] SigningPublicKey { get; }

    public byte[]? SigningSeed { get; }

    public IReadOnlyList<(uint Iteration, byte[] Seed)> Skipped => _skipped;

    public static SenderKeyState CreateOwn(CryptoPrimitives primitives)
    {
        Span<byte> id = stackalloc byte[4];
        primitives.FillRandom(id);
        var chainKey = new byte[32];
        primitives.FillRandom(chainKey);
        var seed = new byte[32];
        primitives.FillRandom(seed);
        var signingPublic = new byte[32];
        primitives.Ed25519PublicKey(seed, signingPublic);
        return new SenderKeyState(BinaryPrimitives.ReadUInt32BigEndian(id), 0, chainKey, signingPublic, seed, 0);
    }

    /// <summary>Encrypts and signs: version ‖ 0x03 ‖ chain id ‖ iteration ‖ AEAD(ciphertext ‖ tag) ‖ Ed25519 signature.</summary>
    public byte[] Encrypt(CryptoPrimitives primitives, ReadOnlySpan<byte> plaintext)
    {
        if (SigningSeed is null)
        {
            throw new InvalidStateException("This sender key belongs to another device and cannot encrypt.");
        }

        if (Iteration == uint.MaxValue)
        {
            throw new InvalidStateException("The sender-key chain is exhausted; rotate it.");
        }

        var output = new byte[MessageHeaderSize + plaintext.Length + CryptoPrimitives.AeadTagSize + SignatureSize];
        output[0] = ProtocolConstants.Version;
        output[1] = ProtocolConstants.TypeSenderKey;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(2), ChainId);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(6), Iteration);

        Span<byte> seed = stackalloc byte[32];
        Span<byte> keys = stackalloc byte[44];
        Span<byte> next = stackalloc byte[32];
        primitives.HmacSha256(ChainKey, MessageKeyConstant, seed);
        primitives.HmacSha256(ChainKey, ChainKeyConstant, next);
        primitives.HkdfExpand(seed, MessageKeysInfo, keys);
        var body = output.AsSpan(0, output.Length - SignatureSize);
        primitives.AeadEncrypt(keys[..32], keys[32..], plaintext, body[..MessageHeaderSize], body[MessageHeaderSize..]);
        primitives.Ed25519Sign(SigningSeed, SigningPublicKey, body, output.AsSpan(body.Length));

        next.CopyTo(ChainKey);
        Iteration++;
        CryptographicOperations.ZeroMemory(seed);
        CryptographicOperations.ZeroMemory(keys);
        CryptographicOperations.ZeroMemory(next);
        return output;
    }

    /// <summary>Verifies the signature, then decrypts on local copies and commits only if the AEAD tag verifies.</summary>
    public byte[] Decrypt(CryptoPrimitives primitives, ReadOnlySpan<byte> message, uint iteration)
    {
        var body = message[..^SignatureSize];
        if (!primitives.Ed25519Verify(SigningPublicKey, body, message[^SignatureSize..]))
        {
            throw new InvalidMessageException(CryptoErrorCode.InvalidSignature, "The group message signature does not verify.");
        }

        var header = body[..MessageHeaderSize];
        var ciphertext = body[MessageHeaderSize..];
        var plaintext = new byte[ciphertext.Length - CryptoPrimitives.AeadTagSize];
        Span<byte> keys = stackalloc byte[44];

        if (iteration < Iteration)
        {
            var index = _skipped.FindIndex(s => s.Iteration == iteration);
            if (index < 0)
            {
                throw iteration < FirstIteration
                    ? new InvalidMessageException("The message predates the sender key this device received.")
                    : new DuplicateMessageException("The group message was already received.");
            }

            primitives.HkdfExpand(_skipped[index].Seed, MessageKeysInfo, keys);
            if (!primitives.AeadDecrypt(keys[..32], keys[32..], ciphertext, header, plaintext))
            {
                throw new InvalidMessageException("The group message does not authenticate.");
            }

            CryptographicOperations.ZeroMemory(_skipped[index].Seed);
            _skipped.RemoveAt(index);
            CryptographicOperations.ZeroMemory(keys);
            return plaintext;
        }

        if (iteration - Iteration > MaxSkipPerStep)
        {
            throw new InvalidMessageException(CryptoErrorCode.TooManySkippedMessages, "The group message skips too many iterations.");
        }

        var chainKey = (byte[])ChainKey.Clone();
        var newSkipped = new List<(uint, byte[])>();
        Span<byte> seed = stackalloc byte[32];
        for (var i = Iteration; i < iteration; i++)
        {
            var skippedSeed = new byte[32];
            primitives.HmacSha256(chainKey, MessageKeyConstant, skippedSeed);
            primitives.HmacSha256(chainKey, ChainKeyConstant, chainKey);
            newSkipped.Add((i, skippedSeed));
        }

        primitives.HmacSha256(chainKey, MessageKeyConstant, seed);
        primitives.HmacSha256(chainKey, ChainKeyConstant, chainKey);
        primitives.HkdfExpand(seed, MessageKeysInfo, keys);
        var ok = primitives.AeadDecrypt(keys[..32], keys[32..], ciphertext, header, plaintext);
        CryptographicOperations.ZeroMemory(seed);
        CryptographicOperations.ZeroMemory(keys);
        if (!ok)
        {
            CryptographicOperations.ZeroMemory(chainKey);
            newSkipped.ForEach(s => CryptographicOperations.ZeroMemory(s.Item2));
            throw new InvalidMessageException("The group message does not authenticate.");
        }

        chainKey.CopyTo(ChainKey);
        CryptographicOperations.ZeroMemory(chainKey);
        Iteration = iteration + 1;
        foreach (var skipped in newSkipped)
        {
            if (_skipped.Count >= MaxSkippedKeys)
            {
                CryptographicOperations.ZeroMemory(_skipped[0].Seed);
                _skipped.RemoveAt(0);
            }

            _skipped.Add(skipped);
        }

        return plaintext;
    }

    public void Write(WireWriter writer)
    {
        writer.WriteUInt32(ChainId);
        writer.WriteUInt32(Iteration);
        writer.WriteUInt32(FirstIteration);
        writer.Write(ChainKey);
        writer.Write(SigningPublicKey);
        writer.WriteBool(SigningSeed is not null);
        if (SigningSeed is not null)
        {
            writer.Write(SigningSeed);
        }

        writer.WriteUInt32((uint)_skipped.Count);
        foreach (var (skippedIteration, seed) in _skipped)
        {
            writer.WriteUInt32(skippedIteration);
            writer.Write(seed);
        }
    }

    public static SenderKeyState Read(ref WireReader reader)
    {
        var chainId = reader.ReadUInt32();
        var iteration = reader.ReadUInt32();
        var first = reader.ReadUInt32();
        var chainKey = reader.ReadArray(32);
        var signingPublic = reader.ReadArray(32);
        var signingSeed = reader.ReadBool() ? reader.ReadArray(32) : null;
        var count = reader.ReadUInt32();
        if (count > MaxSkippedKeys)
        {
            throw new InvalidStateException("Too many skipped sender keys.");
        }

        var skipped = new List<(uint, byte[])>((int)count);
        for (var i = 0; i < count; i++)
        {
            skipped.Add((reader.ReadUInt32(), reader.ReadArray(32)));
        }

        return new SenderKeyState(chainId, iteration, chainKey, signingPublic, signingSeed, first, skipped);
    }

    public void Wipe()
    {
        CryptographicOperations.ZeroMemory(ChainKey);
        if (SigningSeed is not null)
        {
            CryptographicOperations.ZeroMemory(SigningSeed);
        }

        _skipped.ForEach(s => CryptographicOperations.ZeroMemory(s.Seed));
    }
}
