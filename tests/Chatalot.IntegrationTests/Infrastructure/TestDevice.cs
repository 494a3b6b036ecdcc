using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Protocol.Keys;
using NSec.Cryptography;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A device's keys for tests: an Ed25519 identity that signs prekeys over the byte strings of
/// docs/protocol/crypto.md §4.2, re-implemented here independently of the server as a cross-check.
/// Public keys are random bytes of the right length: the server treats them as opaque.
/// </summary>
public sealed class TestDevice : IDisposable
{
    private readonly Key _identity = Key.Create(SignatureAlgorithm.Ed25519);
    private uint _nextKeyId = 1;

    public byte[] IdentityKey => _identity.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public SignedPrekey SignedPrekey() => SignedPrekey(_nextKeyId++);

    public SignedPrekey SignedPrekey(uint id)
    {
        var pk = RandomNumberGenerator.GetBytes(32);
        return new SignedPrekey(id, pk, Sign(Message("Chatalot_SignedPreKey_v2", id, null, pk)));
    }

    public SignedPrekey KemPrekey(bool lastResort)
    {
        var id = _nextKeyId++;
        var pk = RandomNumberGenerator.GetBytes(1184);
        return new SignedPrekey(id, pk, Sign(Message("Chatalot_KemPreKey_v2", id, lastResort ? (byte)2 : (byte)1, pk)));
    }

    public IReadOnlyList<OneTimePrekey> OneTimePrekeys(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new OneTimePrekey(_nextKeyId++, RandomNumberGenerator.GetBytes(32)))];

    public IReadOnlyList<SignedPrekey> OneTimeKemPrekeys(int count) => [.. Enumerable.Range(0, count).Select(_ => KemPrekey(false))];

    public DeviceKeysUpload Upload(int oneTime = 5, int kem = 5, string? name = null) =>
        new(IdentityKey, SignedPrekey(), KemPrekey(true), OneTimePrekeys(oneTime), OneTimeKemPrekeys(kem), name);

    public void Dispose() => _identity.Dispose();

    private byte[] Sign(byte[] message) => SignatureAlgorithm.Ed25519.Sign(_identity, message);

    private static byte[] Message(string context, uint id, byte? kind, byte[] publicKey)
    {
        var prefix = Encoding.ASCII.GetBytes(context);
        var message = new byte[prefix.Length + 4 + (kind is null ? 0 : 1) + publicKey.Length];
        prefix.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(prefix.Length), id);
        var offset = prefix.Length + 4;
        if (kind is { } k)
        {
            message[offset++] = k;
        }

        publicKey.CopyTo(message, offset);
        return message;
    }
}
