using Chatalot.Crypto;

namespace Chatalot.Benchmarks.Crypto;

/// <summary>Two devices with an established pairwise session (both sides have sent), for the crypto benchmarks.</summary>
internal sealed class CryptoBenchmarkSetup
{
    private CryptoBenchmarkSetup(CryptoProvider provider)
    {
        Provider = provider;
        AliceAddress = new ProtocolAddress("alice", 1);
        BobAddress = new ProtocolAddress("bob", 1);
        AliceIdentity = IdentityKeyPair.Generate(provider);
        BobIdentity = IdentityKeyPair.Generate(provider);
        Alice = new InMemoryProtocolStore(AliceIdentity, AliceAddress);
        Bob = new InMemoryProtocolStore(BobIdentity, BobAddress);
        var signed = SignedPreKeyRecord.Generate(BobIdentity, 1, DateTimeOffset.UnixEpoch, provider);
        var lastResort = KemPreKeyRecord.Generate(BobIdentity, 2, isLastResort: true, DateTimeOffset.UnixEpoch, provider);
        Bob.StoreSignedPreKeyAsync(signed).AsTask().GetAwaiter().GetResult();
        Bob.StoreKemPreKeyAsync(lastResort).AsTask().GetAwaiter().GetResult();

        // No one-time prekey, so the same bundle and first message can be processed again and again.
        Bundle = PreKeyBundle.FromRecords(BobAddress, BobIdentity.PublicKey, signed, lastResort);
        AliceCipher = new SessionCipher(Alice, BobAddress, provider);
        BobCipher = new SessionCipher(Bob, AliceAddress, provider);
    }

    public CryptoProvider Provider { get; }

    public ProtocolAddress AliceAddress { get; }

    public ProtocolAddress BobAddress { get; }

    public IdentityKeyPair AliceIdentity { get; }

    public IdentityKeyPair BobIdentity { get; }

    public InMemoryProtocolStore Alice { get; }

    public InMemoryProtocolStore Bob { get; }

    public PreKeyBundle Bundle { get; }

    public SessionCipher AliceCipher { get; }

    public SessionCipher BobCipher { get; }

    public static CryptoBenchmarkSetup Create(CryptoProviderKind kind, bool establish)
    {
        var setup = new CryptoBenchmarkSetup(CryptoProvider.Create(kind));
        new SessionBuilder(setup.Alice, setup.BobAddress, setup.Provider).ProcessPreKeyBundleAsync(setup.Bundle).AsTask().GetAwaiter().GetResult();
        if (establish)
        {
            var first = setup.AliceCipher.EncryptAsync(new byte[16]).AsTask().GetAwaiter().GetResult();
            setup.BobCipher.DecryptAsync(first).AsTask().GetAwaiter().GetResult();
            var reply = setup.BobCipher.EncryptAsync(new byte[16]).AsTask().GetAwaiter().GetResult();
            setup.AliceCipher.DecryptAsync(reply).AsTask().GetAwaiter().GetResult();
        }

        return setup;
    }
}
