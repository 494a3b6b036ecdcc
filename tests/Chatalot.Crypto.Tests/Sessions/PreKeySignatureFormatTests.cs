using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Chatalot.Crypto.Tests.Sessions;

/// <summary>
/// The server verifies uploaded prekeys without this package, with NSec and the byte strings of
/// docs/protocol/crypto.md §4.2. These tests build those strings by hand, exactly as the server would.
/// </summary>
public class PreKeySignatureFormatTests
{
    private static bool ServerVerify(IdentityKey identity, byte[] message, ReadOnlyMemory<byte> signature)
    {
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, identity.Span, KeyBlobFormat.RawPublicKey);
        return SignatureAlgorithm.Ed25519.Verify(key, message, signature.Span);
    }

    [Fact]
    public void SignedPreKey_SignatureCoversDocumentedBytes()
    {
        var identity = IdentityKeyPair.Generate();
        var record = SignedPreKeyRecord.Generate(identity, 0x01020304, DateTimeOffset.UnixEpoch);
        var message = new byte[60];
        Encoding.ASCII.GetBytes("Chatalot_SignedPreKey_v2").CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), 0x01020304);
        record.PublicKey.Span.CopyTo(message.AsSpan(28));
        Assert.True(ServerVerify(identity.PublicKey, message, record.Signature));
        message[27] ^= 1; // another id
        Assert.False(ServerVerify(identity.PublicKey, message, record.Signature));
    }

    [Theory]
    [InlineData(false, 0x01)]
    [InlineData(true, 0x02)]
    public void KemPreKey_SignatureCoversDocumentedBytes(bool lastResort, byte kind)
    {
        var identity = IdentityKeyPair.Generate();
        var record = KemPreKeyRecord.Generate(identity, 77, lastResort, DateTimeOffset.UnixEpoch);
        var message = new byte[1210];
        Encoding.ASCII.GetBytes("Chatalot_KemPreKey_v2").CopyTo(message, 0);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(21), 77);
        message[25] = kind;
        record.PublicKey.Span.CopyTo(message.AsSpan(26));
        Assert.True(ServerVerify(identity.PublicKey, message, record.Signature));
        message[25] ^= 3; // the other kind
        Assert.False(ServerVerify(identity.PublicKey, message, record.Signature));
    }
}
