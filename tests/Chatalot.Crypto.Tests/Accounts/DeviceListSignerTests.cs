using Chatalot.Crypto.Tests.Support;
using Chatalot.Protocol.Keys;
using CsCheck;

namespace Chatalot.Crypto.Tests.Accounts;

public class DeviceListSignerTests
{
    private const string UserId = "0193a5c0-0000-7000-8000-0000000a11ce";
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);

    internal static DeviceListDocument Document(IdentityKeyPair accountKey, ulong version = 3, params IdentityKeyPair[] devices) =>
        new(UserId, accountKey.PublicKey.ToArray(), version, Created,
            devices.Select((d, i) => new DeviceListEntry((i * 7) + 2, d.PublicKey.ToArray())).Reverse().ToList());

    [Theory]
    [MemberData(nameof(Providers.Pairs), MemberType = typeof(Providers))]
    public void SignVerify_RoundTrips_AcrossProviders(CryptoProviderKind signer, CryptoProviderKind verifier)
    {
        using var ak = IdentityKeyPair.Generate(Providers.Get(signer));
        using var d1 = IdentityKeyPair.Generate(Providers.Get(signer));
        using var d2 = IdentityKeyPair.Generate(Providers.Get(signer));
        var document = Document(ak, 3, d1, d2);

        var (list, signature) = DeviceListSigner.Sign(ak, document, Providers.Get(signer));
        var verified = DeviceListSigner.Verify(list, signature, UserId, Providers.Get(verifier));

        Assert.Equal(UserId, verified.UserId);
        Assert.Equal(ak.PublicKey.ToArray(), verified.AccountKey);
        Assert.Equal(3UL, verified.Version);
        Assert.Equal(Created, verified.CreatedAt);
        Assert.Equal([2, 9], verified.Devices.Select(d => d.DeviceId));
        Assert.Equal(d2.PublicKey.ToArray(), verified.Find(9)!.IdentityKey);
        Assert.Equal(64, signature.Length);
    }

    [Fact]
    public void Signatures_AreIdenticalOnBothProviders()
    {
        using var ak = IdentityKeyPair.Generate();
        using var d1 = IdentityKeyPair.Generate();
        var document = Document(ak, 1, d1);
        var (sodiumList, sodiumSignature) = DeviceListSigner.Sign(ak, document, Providers.Sodium);
        var (managedList, managedSignature) = DeviceListSigner.Sign(ak, document, Providers.Managed);
        Assert.Equal(sodiumList, managedList);
        Assert.Equal(sodiumSignature, managedSignature);
    }

    [Fact]
    public void Sign_RefusesADocumentOfAnotherAccountKey_OrBreakingARule()
    {
        using var ak = IdentityKeyPair.Generate();
        using var other = IdentityKeyPair.Generate();
        using var d1 = IdentityKeyPair.Generate();
        Assert.Throws<ArgumentException>(() => DeviceListSigner.Sign(ak, Document(other, 1, d1)));
        Assert.Throws<ArgumentException>(() => DeviceListSigner.Sign(ak, Document(ak, 0, d1)));
        Assert.Throws<ArgumentException>(() => DeviceListSigner.Sign(ak, Document(ak, 1, ak)));
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void Verify_AnyFlippedByteOfListOrSignature_FailsTyped(CryptoProviderKind kind)
    {
        var provider = Providers.Get(kind);
        using var ak = IdentityKeyPair.Generate(provider);
        using var d1 = IdentityKeyPair.Generate(provider);
        using var d2 = IdentityKeyPair.Generate(provider);
        var (list, signature) = DeviceListSigner.Sign(ak, Document(ak, 5, d1, d2), provider);

        for (var i = 0; i < list.Length; i++)
        {
            var tampered = (byte[])list.Clone();
            tampered[i] ^= 0x01;
            var ex = Assert.ThrowsAny<ChatalotCryptoException>(() => DeviceListSigner.Verify(tampered, signature, UserId, provider));
            Assert.True(ex.Code is CryptoErrorCode.InvalidSignature or CryptoErrorCode.InvalidMessage, $"byte {i}: {ex.Code}");
        }

        for (var i = 0; i < signature.Length; i++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[i] ^= 0x80;
            var ex = Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, tampered, UserId, provider));
            Assert.Equal(CryptoErrorCode.InvalidSignature, ex.Code);
        }
    }

    [Fact]
    public void Verify_ReportsTheRightCode_ForEachKindOfFailure()
    {
        using var ak = IdentityKeyPair.Generate();
        using var other = IdentityKeyPair.Generate();
        using var d1 = IdentityKeyPair.Generate();
        var (list, signature) = DeviceListSigner.Sign(ak, Document(ak, 1, d1));

        // Another user's (validly signed) list.
        Assert.Equal(CryptoErrorCode.InvalidMessage,
            Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, signature, "0193a5c0-0000-7000-8000-000000000b0b")).Code);
        // Not a list at all, trailing bytes, truncated.
        Assert.Equal(CryptoErrorCode.InvalidMessage, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify([1, 2, 3], signature, UserId)).Code);
        Assert.Equal(CryptoErrorCode.InvalidMessage, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify([.. list, 0], signature, UserId)).Code);
        Assert.Equal(CryptoErrorCode.InvalidMessage, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list[..^1], signature, UserId)).Code);
        // Signed by a key other than the one inside, a short signature, an empty one.
        var forged = DeviceListSigner.Sign(other, Document(other, 1, d1)).Signature;
        Assert.Equal(CryptoErrorCode.InvalidSignature, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, forged, UserId)).Code);
        Assert.Equal(CryptoErrorCode.InvalidSignature, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, signature[..63], UserId)).Code);
        Assert.Equal(CryptoErrorCode.InvalidSignature, Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, [], UserId)).Code);
    }

    [Fact]
    public void Verify_AppliesTheStrictRule_ToTheAccountKey()
    {
        // A small-order account key (the identity point) with an all-zero signature: refused by §2.1 on both providers.
        using var d1 = IdentityKeyPair.Generate();
        var identityPoint = new byte[32];
        identityPoint[0] = 1;
        var list = DeviceListFormat.Encode(new DeviceListDocument(UserId, identityPoint, 1, Created, [new DeviceListEntry(1, d1.PublicKey.ToArray())]));
        foreach (var provider in new[] { Providers.Sodium, Providers.Managed })
        {
            Assert.Equal(CryptoErrorCode.InvalidSignature,
                Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(list, new byte[64], UserId, provider)).Code);
        }
    }

    [Fact]
    public void Property_RandomListsRoundTrip_AndMutationsNeverVerify()
    {
        using var ak = IdentityKeyPair.Generate();
        var keys = Enumerable.Range(0, 8).Select(_ => IdentityKeyPair.Generate().PublicKey.ToArray()).ToArray();
        Gen.Select(Gen.Int[1, int.MaxValue].HashSet[0, 8], Gen.ULong[1, ulong.MaxValue], Gen.Int[0, 10_000], Gen.Byte[1, 255]).Sample((ids, version, position, mask) =>
        {
            var entries = ids.Select((id, i) => new DeviceListEntry(id, keys[i])).ToList();
            var (list, signature) = DeviceListSigner.Sign(ak, new DeviceListDocument(UserId, ak.PublicKey.ToArray(), version, Created, entries));
            var verified = DeviceListSigner.Verify(list, signature, UserId);
            Assert.Equal(ids.Order(), verified.Devices.Select(d => d.DeviceId));
            Assert.Equal(version, verified.Version);

            var tampered = (byte[])list.Clone();
            tampered[position % tampered.Length] ^= mask;
            Assert.ThrowsAny<ChatalotCryptoException>(() => DeviceListSigner.Verify(tampered, signature, UserId));
        }, iter: 200, threads: 1);
    }
}
