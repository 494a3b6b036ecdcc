using System.Numerics;
using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Primitives;

/// <summary>Both providers compute and accept exactly the same things on random inputs.</summary>
public class ProviderAgreementTests
{
    private static readonly Gen<byte[]> Key = Gen.Byte.Array[32];

    [Fact]
    public void X25519_AndEd25519_AgreeAcrossProviders()
    {
        var sodium = Providers.Sodium.Primitives;
        var managed = Providers.Managed.Primitives;
        Gen.Select(Key, Key, Gen.Byte.Array[0, 300]).Sample(
            (a, b, message) =>
            {
                var publicA1 = new byte[32];
                var publicA2 = new byte[32];
                sodium.X25519PublicKey(a, publicA1);
                managed.X25519PublicKey(a, publicA2);
                Assert.Equal(publicA1, publicA2);
                var shared1 = new byte[32];
                var shared2 = new byte[32];
                Assert.Equal(sodium.X25519Agree(b, publicA1, shared1), managed.X25519Agree(b, publicA1, shared2));
                Assert.Equal(shared1, shared2);

                var edPublic = new byte[32];
                sodium.Ed25519PublicKey(a, edPublic);
                var signature1 = new byte[64];
                var signature2 = new byte[64];
                sodium.Ed25519Sign(a, edPublic, message, signature1);
                managed.Ed25519Sign(a, edPublic, message, signature2);
                Assert.Equal(signature1, signature2);
                Assert.True(managed.Ed25519Verify(edPublic, message, signature1));
                signature1[b[0] % 64] ^= (byte)(1 << (b[1] % 8));
                Assert.False(sodium.Ed25519Verify(edPublic, message, signature1));
                Assert.False(managed.Ed25519Verify(edPublic, message, signature1));

                var x1 = new byte[32];
                var x2 = new byte[32];
                Assert.True(sodium.Ed25519PublicToX25519(edPublic, x1));
                Assert.True(managed.Ed25519PublicToX25519(edPublic, x2));
                Assert.Equal(x1, x2);
            },
            iter: 200,
            threads: 1);
    }

    [Fact]
    public void Ed25519_NonCanonicalS_IsRejectedByBothProviders()
    {
        // S + L is the classic malleated form of a valid signature (RFC 8032 §5.1.7 requires S < L).
        var order = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
        var seed = new byte[32];
        var publicKey = new byte[32];
        Providers.Sodium.Primitives.Ed25519PublicKey(seed, publicKey);
        var signature = new byte[64];
        Providers.Sodium.Primitives.Ed25519Sign(seed, publicKey, "m"u8, signature);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true) + order;
        var malleated = (byte[])signature.Clone();
        Assert.True(s.TryWriteBytes(malleated.AsSpan(32), out _, isUnsigned: true));
        Assert.False(Providers.Sodium.Primitives.Ed25519Verify(publicKey, "m"u8, malleated));
        Assert.False(Providers.Managed.Primitives.Ed25519Verify(publicKey, "m"u8, malleated));
    }

    [Fact]
    public void Aead_AgreesAcrossProviders()
    {
        Gen.Select(Key, Gen.Byte.Array[12], Gen.Byte.Array[0, 2000], Gen.Byte.Array[0, 64]).Sample(
            (key, nonce, plaintext, ad) =>
            {
                var c1 = new byte[plaintext.Length + 16];
                var c2 = new byte[plaintext.Length + 16];
                Providers.Sodium.Primitives.AeadEncrypt(key, nonce, plaintext, ad, c1);
                Providers.Managed.Primitives.AeadEncrypt(key, nonce, plaintext, ad, c2);
                Assert.Equal(c1, c2);
                var p = new byte[plaintext.Length];
                Assert.True(Providers.Managed.Primitives.AeadDecrypt(key, nonce, c1, ad, p));
                Assert.Equal(plaintext, p);
            },
            iter: 200,
            threads: 1);
    }
}
