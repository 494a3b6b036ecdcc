namespace Chatalot.Crypto.Tests.Support;

/// <summary>A test device: identity, prekeys in an in-memory store, and helpers to publish a bundle.</summary>
public sealed class Device
{
    private uint _nextPreKeyId = 1;
    private uint _nextKemId = 100;

    public Device(string userId, uint deviceId, CryptoProvider provider, IdentityKeyPair? identity = null)
    {
        Provider = provider;
        Address = new ProtocolAddress(userId, deviceId);
        Identity = identity ?? IdentityKeyPair.Generate(provider);
        Store = new InMemoryProtocolStore(Identity, Address);
        SignedPreKey = SignedPreKeyRecord.Generate(Identity, 1, DateTimeOffset.UnixEpoch, provider);
        LastResortKem = KemPreKeyRecord.Generate(Identity, 99, isLastResort: true, DateTimeOffset.UnixEpoch, provider);
        Store.StoreSignedPreKeyAsync(SignedPreKey).AsTask().GetAwaiter().GetResult();
        Store.StoreKemPreKeyAsync(LastResortKem).AsTask().GetAwaiter().GetResult();
    }

    public CryptoProvider Provider { get; }

    public ProtocolAddress Address { get; }

    public IdentityKeyPair Identity { get; }

    public InMemoryProtocolStore Store { get; }

    public SignedPreKeyRecord SignedPreKey { get; }

    public KemPreKeyRecord LastResortKem { get; }

    /// <summary>A bundle with fresh one-time keys (or the last-resort KEM key and no OPK).</summary>
    public async Task<PreKeyBundle> PublishBundleAsync(bool withOneTimeKeys = true)
    {
        if (!withOneTimeKeys)
        {
            return PreKeyBundle.FromRecords(Address, Identity.PublicKey, SignedPreKey, LastResortKem);
        }

        var preKey = PreKeyRecord.Generate(_nextPreKeyId++, Provider);
        var kem = KemPreKeyRecord.Generate(Identity, _nextKemId++, isLastResort: false, DateTimeOffset.UnixEpoch, Provider);
        await Store.StorePreKeyAsync(preKey);
        await Store.StoreKemPreKeyAsync(kem);
        return PreKeyBundle.FromRecords(Address, Identity.PublicKey, SignedPreKey, kem, preKey);
    }

    public SessionCipher CipherFor(Device peer, TimeProvider? time = null) => new(Store, peer.Address, Provider, timeProvider: time);

    /// <summary>Starts a session from this device to <paramref name="peer"/>.</summary>
    public async Task<SessionCipher> StartSessionAsync(Device peer, bool withOneTimeKeys = true)
    {
        var bundle = await peer.PublishBundleAsync(withOneTimeKeys);
        await new SessionBuilder(Store, peer.Address, Provider).ProcessPreKeyBundleAsync(bundle, CancellationToken.None);
        return CipherFor(peer);
    }
}
