using System.Text;
using Chatalot.Crypto.Primitives.Internal;
using Chatalot.Crypto.Tests.Support;
using static Chatalot.Crypto.Tests.Support.Providers;

namespace Chatalot.Crypto.Tests.Primitives;

/// <summary>RFC test vectors, run against both providers.</summary>
public class KnownAnswerTests
{
    private static CryptoPrimitives P(CryptoProviderKind kind) => Get(kind).Primitives;

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void X25519_Rfc7748Section5_2_ScalarMultiplication(CryptoProviderKind kind)
    {
        var shared = new byte[32];
        Assert.True(P(kind).X25519Agree(
            Hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            Hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"), shared));
        Assert.Equal(Hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"), shared);
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void X25519_Rfc7748Section6_1_DiffieHellman(CryptoProviderKind kind)
    {
        var alicePrivate = Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bobPrivate = Hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        var alicePublic = new byte[32];
        var bobPublic = new byte[32];
        P(kind).X25519PublicKey(alicePrivate, alicePublic);
        P(kind).X25519PublicKey(bobPrivate, bobPublic);
        Assert.Equal(Hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alicePublic);
        Assert.Equal(Hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bobPublic);
        var k1 = new byte[32];
        var k2 = new byte[32];
        Assert.True(P(kind).X25519Agree(alicePrivate, bobPublic, k1));
        Assert.True(P(kind).X25519Agree(bobPrivate, alicePublic, k2));
        Assert.Equal(Hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"), k1);
        Assert.Equal(k1, k2);
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void X25519_LowOrderPoint_IsRejected(CryptoProviderKind kind)
    {
        var shared = new byte[32];
        var privateKey = Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        Assert.False(P(kind).X25519Agree(privateKey, new byte[32], shared)); // u = 0
        var one = new byte[32];
        one[0] = 1;
        Assert.False(P(kind).X25519Agree(privateKey, one, shared)); // u = 1
    }

    public static TheoryData<CryptoProviderKind, string, string, string, string> Rfc8032Vectors()
    {
        var data = new TheoryData<CryptoProviderKind, string, string, string, string>();
        foreach (var kind in new[] { CryptoProviderKind.Sodium, CryptoProviderKind.Managed })
        {
            // RFC 8032 §7.1 TEST 1, TEST 2, TEST 3.
            data.Add(kind, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
            data.Add(kind, "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
            data.Add(kind, "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Ed25519_Rfc8032Section7_1_SignsAndVerifies(CryptoProviderKind kind, string seed, string publicKey, string message, string signature)
    {
        var pk = new byte[32];
        P(kind).Ed25519PublicKey(Hex(seed), pk);
        Assert.Equal(Hex(publicKey), pk);
        var sig = new byte[64];
        P(kind).Ed25519Sign(Hex(seed), pk, Hex(message), sig);
        Assert.Equal(Hex(signature), sig);
        Assert.True(P(kind).Ed25519Verify(pk, Hex(message), sig));
        sig[0] ^= 1;
        Assert.False(P(kind).Ed25519Verify(pk, Hex(message), sig));
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void Ed25519ToX25519_MatchesBirationalMapAndSecretDerivation(CryptoProviderKind kind)
    {
        // Independent values computed with pyca/cryptography (chatalot-crypto.md TV-3): seed 0x11 × 32.
        var seed = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var edPublic = new byte[32];
        P(kind).Ed25519PublicKey(seed, edPublic);
        Assert.Equal(Hex("d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"), edPublic);

        var xPublic = new byte[32];
        Assert.True(P(kind).Ed25519PublicToX25519(edPublic, xPublic));
        Assert.Equal(Hex("7a46e129fd805047448437e4744f1f1576be8c449fdf57e0c580d36c5cfc6668"), xPublic);

        var xPrivate = new byte[32];
        P(kind).Ed25519SeedToX25519(seed, edPublic, xPrivate);
        var expected = Hex("845b920bda4cd49d251d3329144a0cf8bdaaa07502626fa87f08e80faedab11f");
        expected[0] &= 248;
        expected[31] &= 127;
        expected[31] |= 64;
        Assert.Equal(expected, xPrivate);

        var derived = new byte[32];
        P(kind).X25519PublicKey(xPrivate, derived);
        Assert.Equal(xPublic, derived);
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void Ed25519ToX25519_InvalidPoint_IsRejected(CryptoProviderKind kind)
    {
        var x = new byte[32];
        var identityPoint = new byte[32];
        identityPoint[0] = 1; // y = 1: the neutral element, small order
        Assert.False(P(kind).Ed25519PublicToX25519(identityPoint, x));
        Assert.False(P(kind).Ed25519PublicToX25519(Enumerable.Repeat((byte)0xFF, 32).ToArray(), x)); // non-canonical
        Assert.False(P(kind).Ed25519PublicToX25519(new byte[31], x));
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void ChaCha20Poly1305_Rfc8439Section2_8_2(CryptoProviderKind kind)
    {
        var key = Hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        var nonce = Hex("070000004041424344454647");
        var aad = Hex("50515253c0c1c2c3c4c5c6c7");
        var plaintext = Encoding.ASCII.GetBytes("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var expected = Hex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691");
        var ciphertext = new byte[plaintext.Length + 16];
        P(kind).AeadEncrypt(key, nonce, plaintext, aad, ciphertext);
        Assert.Equal(expected, ciphertext);

        var opened = new byte[plaintext.Length];
        Assert.True(P(kind).AeadDecrypt(key, nonce, ciphertext, aad, opened));
        Assert.Equal(plaintext, opened);

        ciphertext[^1] ^= 0x80;
        Assert.False(P(kind).AeadDecrypt(key, nonce, ciphertext, aad, opened));
        Assert.All(opened, b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void Hkdf_Rfc5869_TestCases1And3(CryptoProviderKind kind)
    {
        var okm = new byte[42];
        P(kind).Hkdf(Enumerable.Repeat((byte)0x0b, 22).ToArray(), Hex("000102030405060708090a0b0c"), Hex("f0f1f2f3f4f5f6f7f8f9"), okm);
        Assert.Equal(Hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm);
        P(kind).Hkdf(Enumerable.Repeat((byte)0x0b, 22).ToArray(), [], [], okm);
        Assert.Equal(Hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"), okm);
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void HmacAndSha_Rfc4231AndFips180Vectors(CryptoProviderKind kind)
    {
        var mac = new byte[32];
        P(kind).HmacSha256(Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"u8, mac);
        Assert.Equal(Hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"), mac);
        var sha256 = new byte[32];
        P(kind).Sha256("abc"u8, sha256);
        Assert.Equal(Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), sha256);
        var sha512 = new byte[64];
        P(kind).Sha512("abc"u8, sha512);
        Assert.Equal(Hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"), sha512);
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void MlKem768_RoundTrip_AndImplicitRejection(CryptoProviderKind kind)
    {
        var p = P(kind);
        var seed = new byte[64];
        p.FillRandom(seed);
        var publicKey = new byte[MlKem768.PublicKeySize];
        p.MlKem768GenerateKeyPair(seed, publicKey);
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sent = new byte[32];
        p.MlKem768Encapsulate(publicKey, ciphertext, sent);
        var received = new byte[32];
        p.MlKem768Decapsulate(seed, ciphertext, received);
        Assert.Equal(sent, received);

        ciphertext[10] ^= 1;
        p.MlKem768Decapsulate(seed, ciphertext, received);
        Assert.NotEqual(sent, received);
    }

    [Fact]
    public void MlKem768_DeterministicSeed_GivesSameKeysOnBothProviders()
    {
        var seed = Hex(string.Concat(Enumerable.Range(0, 64).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
        var a = new byte[MlKem768.PublicKeySize];
        var b = new byte[MlKem768.PublicKeySize];
        Sodium.Primitives.MlKem768GenerateKeyPair(seed, a);
        Managed.Primitives.MlKem768GenerateKeyPair(seed, b);
        Assert.Equal(a, b);
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sent = new byte[32];
        CryptoProvider.Create(CryptoProviderKind.Managed, new DeterministicRandom("kem")).Primitives.MlKem768Encapsulate(a, ciphertext, sent);
        var received = new byte[32];
        Sodium.Primitives.MlKem768Decapsulate(seed, ciphertext, received);
        Assert.Equal(sent, received);
    }

    [Fact]
    public void ProviderSelection_AutomaticPrefersSodiumHere_AndManagedCanBeForced()
    {
        Assert.True(CryptoProvider.IsSodiumAvailable);
        Assert.Equal(CryptoProviderKind.Sodium, CryptoProvider.Create().Kind);
        Assert.Equal(CryptoProviderKind.Sodium, CryptoProvider.Default.Kind);
        Assert.Equal(CryptoProviderKind.Managed, CryptoProvider.Create(CryptoProviderKind.Managed).Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => CryptoProvider.Create((CryptoProviderKind)42));
    }

    [Fact]
    public void ProviderSelection_WithoutLibsodium_FallsBackToManaged_AndRefusesForcedSodium()
    {
        var random = new DeterministicRandom("selection");
        Assert.Equal(CryptoProviderKind.Managed, CryptoProvider.Create(CryptoProviderKind.Automatic, random, sodiumAvailable: false).Kind);
        var ex = Assert.Throws<ChatalotCryptoException>(() => CryptoProvider.Create(CryptoProviderKind.Sodium, random, sodiumAvailable: false));
        Assert.Equal(CryptoErrorCode.ProviderUnavailable, ex.Code);
    }
}
