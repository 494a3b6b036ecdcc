using Chatalot.Server.Hosting.Keys.Internal;
using NSec.Cryptography;

namespace Chatalot.Server.Hosting.Tests;

public class PrekeySignatureVerifierTests
{
    [Fact]
    public void Verify_AcceptsTheDocumentedByteStrings_AndRejectsAnyOtherContext()
    {
        using var identity = Key.Create(SignatureAlgorithm.Ed25519);
        var publicKey = identity.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var prekey = new byte[32];
        prekey[0] = 7;

        var spkMessage = PrekeySignatureVerifier.SignedPrekeyMessage(0x01020304, prekey);
        Assert.Equal("Chatalot_SignedPreKey_v2"u8.ToArray().Concat(new byte[] { 1, 2, 3, 4 }).Concat(prekey), spkMessage);
        var signature = SignatureAlgorithm.Ed25519.Sign(identity, spkMessage);
        Assert.True(PrekeySignatureVerifier.Verify(publicKey, spkMessage, signature));

        var kemOneTime = PrekeySignatureVerifier.KemPrekeyMessage(5, lastResort: false, prekey);
        var kemLastResort = PrekeySignatureVerifier.KemPrekeyMessage(5, lastResort: true, prekey);
        Assert.Equal(1, kemOneTime["Chatalot_KemPreKey_v2".Length + 4]);
        Assert.Equal(2, kemLastResort["Chatalot_KemPreKey_v2".Length + 4]);
        var kemSignature = SignatureAlgorithm.Ed25519.Sign(identity, kemOneTime);
        Assert.True(PrekeySignatureVerifier.Verify(publicKey, kemOneTime, kemSignature));
        Assert.False(PrekeySignatureVerifier.Verify(publicKey, kemLastResort, kemSignature));
        Assert.False(PrekeySignatureVerifier.Verify(publicKey, spkMessage, kemSignature));
    }

    [Fact]
    public void Verify_MalformedKeysOrSignatures_AreFalseNotExceptions()
    {
        Assert.False(PrekeySignatureVerifier.Verify(new byte[31], [1], new byte[64]));
        Assert.False(PrekeySignatureVerifier.Verify(new byte[32], [1], new byte[63]));
        Assert.False(PrekeySignatureVerifier.IsValidIdentityKey(new byte[33]));
    }
}
