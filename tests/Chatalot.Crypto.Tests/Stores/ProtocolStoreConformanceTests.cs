using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Stores;

/// <summary>
/// Behaviour every <see cref="IProtocolStore"/> must have. Persistent stores (client SQLite, browser IndexedDB, …)
/// inherit this class and implement <see cref="CreateStore"/>; the sessions rely on exactly these semantics.
/// </summary>
public abstract class ProtocolStoreConformanceTests
{
    protected abstract IProtocolStore CreateStore(IdentityKeyPair identity, ProtocolAddress localAddress);

    /// <summary>The same persistent state opened again, as after a restart; in-memory stores return <paramref name="store"/>.</summary>
    protected virtual IProtocolStore Reopen(IProtocolStore store) => store;

    private IProtocolStore NewStore() => CreateStore(IdentityKeyPair.Generate(), new ProtocolAddress("me", 3));

    [Fact]
    public async Task Identity_TrustOnFirstUse_ReportsChanges()
    {
        var store = NewStore();
        var first = IdentityKeyPair.Generate().PublicKey;
        var second = IdentityKeyPair.Generate().PublicKey;
        Assert.Null(await store.GetIdentityAsync("peer"));
        Assert.True(await store.IsTrustedIdentityAsync("peer", first));
        Assert.Equal(IdentityChange.NewIdentity, await store.SaveIdentityAsync("peer", first));
        Assert.Equal(IdentityChange.Unchanged, await store.SaveIdentityAsync("peer", first));
        Assert.False(await store.IsTrustedIdentityAsync("peer", second));
        Assert.Equal(IdentityChange.Replaced, await store.SaveIdentityAsync("peer", second));
        Assert.True(await store.IsTrustedIdentityAsync("peer", second));
        Assert.Equal(second, await store.GetIdentityAsync("peer"));
        Assert.Equal(new ProtocolAddress("me", 3), await store.GetLocalAddressAsync());
    }

    [Fact]
    public async Task PreKeys_StoreLoadRemove()
    {
        var store = NewStore();
        var record = PreKeyRecord.Generate(5);
        await store.StorePreKeyAsync(record);
        Assert.Equal(record.PublicKey.ToArray(), (await store.LoadPreKeyAsync(5))!.PublicKey.ToArray());
        await store.RemovePreKeyAsync(5);
        Assert.Null(await store.LoadPreKeyAsync(5));
        await store.RemovePreKeyAsync(5); // idempotent
    }

    [Fact]
    public async Task KemPreKeys_OneTimeAreRemovedOnUse_LastResortIsKept()
    {
        var store = NewStore();
        var identity = await store.GetIdentityKeyPairAsync();
        await store.StoreKemPreKeyAsync(KemPreKeyRecord.Generate(identity, 1, isLastResort: false, DateTimeOffset.UnixEpoch));
        await store.StoreKemPreKeyAsync(KemPreKeyRecord.Generate(identity, 2, isLastResort: true, DateTimeOffset.UnixEpoch));
        Assert.True(await store.MarkKemPreKeyUsedAsync(1, 7, new byte[32]));
        Assert.True(await store.MarkKemPreKeyUsedAsync(2, 7, new byte[32]));
        Assert.Null(await store.LoadKemPreKeyAsync(1));
        Assert.NotNull(await store.LoadKemPreKeyAsync(2));
    }

    [Fact]
    public async Task KemPreKeys_LastResortUse_IsRememberedPerTriple_UntilTheSignedPreKeyIsRemoved()
    {
        var store = NewStore();
        var identity = await store.GetIdentityKeyPairAsync();
        await store.StoreKemPreKeyAsync(KemPreKeyRecord.Generate(identity, 2, isLastResort: true, DateTimeOffset.UnixEpoch));
        await store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Generate(identity, 7, DateTimeOffset.UnixEpoch));
        var baseKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var otherBaseKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        Assert.True(await store.MarkKemPreKeyUsedAsync(2, 7, baseKey));
        store = Reopen(store);
        Assert.False(await store.MarkKemPreKeyUsedAsync(2, 7, baseKey));
        Assert.True(await store.MarkKemPreKeyUsedAsync(2, 7, otherBaseKey));
        Assert.True(await store.MarkKemPreKeyUsedAsync(2, 8, baseKey));

        // Retiring signed prekey 7 forgets its uses (a replay naming it now fails as MissingPreKey); 8's stay.
        await store.RemoveSignedPreKeyAsync(7);
        Assert.True(await store.MarkKemPreKeyUsedAsync(2, 7, baseKey));
        Assert.False(await store.MarkKemPreKeyUsedAsync(2, 8, baseKey));
    }

    [Fact]
    public async Task LastResortFirstMessage_ReplayedAfterReopen_IsDuplicate_AndTheSessionStaysUsable()
    {
        var provider = Providers.Sodium;
        var aliceIdentity = IdentityKeyPair.Generate(provider);
        var alice = new InMemoryProtocolStore(aliceIdentity, new ProtocolAddress("alice", 1));
        var bobAddress = new ProtocolAddress("bob", 1);
        var bobIdentity = IdentityKeyPair.Generate(provider);
        var bob = CreateStore(bobIdentity, bobAddress);
        var signed = SignedPreKeyRecord.Generate(bobIdentity, 1, DateTimeOffset.UnixEpoch, provider);
        var kem = KemPreKeyRecord.Generate(bobIdentity, 99, isLastResort: true, DateTimeOffset.UnixEpoch, provider);
        await bob.StoreSignedPreKeyAsync(signed);
        await bob.StoreKemPreKeyAsync(kem);

        await new SessionBuilder(alice, bobAddress, provider).ProcessPreKeyBundleAsync(PreKeyBundle.FromRecords(bobAddress, bobIdentity.PublicKey, signed, kem));
        var aliceCipher = new SessionCipher(alice, bobAddress, provider);
        var first = await aliceCipher.EncryptAsync("pay 10 EUR"u8.ToArray());
        Assert.Equal("pay 10 EUR"u8.ToArray(), await new SessionCipher(bob, new ProtocolAddress("alice", 1), provider).DecryptAsync(first));

        // Restart, and lose the session record too (the worst case: nothing but the prekey store remembers the message).
        bob = Reopen(bob);
        await bob.DeleteSessionAsync(new ProtocolAddress("alice", 1));
        var bobCipher = new SessionCipher(bob, new ProtocolAddress("alice", 1), provider);
        await Assert.ThrowsAsync<DuplicateMessageException>(() => bobCipher.DecryptAsync(first).AsTask());
        Assert.Null(await bob.LoadSessionAsync(new ProtocolAddress("alice", 1)));
    }

    [Fact]
    public async Task SignedPreKeys_ListAndRemove()
    {
        var store = NewStore();
        var identity = await store.GetIdentityKeyPairAsync();
        await store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Generate(identity, 1, DateTimeOffset.UnixEpoch));
        await store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Generate(identity, 2, DateTimeOffset.UnixEpoch.AddDays(7)));
        Assert.Equal(new uint[] { 1, 2 }, (await store.LoadSignedPreKeysAsync()).Select(r => r.Id).Order());
        await store.RemoveSignedPreKeyAsync(1);
        Assert.Null(await store.LoadSignedPreKeyAsync(1));
        Assert.Single(await store.LoadSignedPreKeysAsync());
    }

    [Fact]
    public async Task Sessions_AreKeptPerDevice()
    {
        var store = NewStore();
        var device1 = new ProtocolAddress("peer", 1);
        var device2 = new ProtocolAddress("peer", 2);
        await store.StoreSessionAsync(device1, new SessionRecord());
        Assert.NotNull(await store.LoadSessionAsync(device1));
        Assert.Null(await store.LoadSessionAsync(device2));
        await store.DeleteSessionAsync(device1);
        Assert.Null(await store.LoadSessionAsync(device1));
    }

    [Fact]
    public async Task SenderKeys_AreKeptPerChannelAndSender()
    {
        var store = NewStore();
        var name = new SenderKeyName("channel", new ProtocolAddress("peer", 1));
        await store.StoreSenderKeyAsync(name, new SenderKeyRecord());
        Assert.NotNull(await store.LoadSenderKeyAsync(name));
        Assert.Null(await store.LoadSenderKeyAsync(new SenderKeyName("channel", new ProtocolAddress("peer", 2))));
        Assert.Null(await store.LoadSenderKeyAsync(new SenderKeyName("other", new ProtocolAddress("peer", 1))));
        await store.DeleteSenderKeyAsync(name);
        Assert.Null(await store.LoadSenderKeyAsync(name));
    }
}

public sealed class InMemoryProtocolStoreConformanceTests : ProtocolStoreConformanceTests
{
    protected override IProtocolStore CreateStore(IdentityKeyPair identity, ProtocolAddress localAddress) => new InMemoryProtocolStore(identity, localAddress);
}
