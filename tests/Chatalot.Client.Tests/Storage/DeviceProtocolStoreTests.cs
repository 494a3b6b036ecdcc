using System.Text;
using Chatalot.Client.Storage;
using Chatalot.Crypto;

namespace Chatalot.Client.Tests.Storage;

public sealed class DeviceProtocolStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chatalot-protocol-").FullName;
    private readonly ProtocolAddress _alice = new("alice", 1);
    private readonly ProtocolAddress _bob = new("bob", 7);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private EncryptedSqliteStoreOptions Options => new() { Path = Path.Combine(_directory, "alice.db") };

    private async Task<(EncryptedSqliteStore Raw, DeviceProtocolStore Protocol)> OpenAliceAsync(StoreKey key)
    {
        var raw = await EncryptedSqliteStore.OpenAsync(Options, key, CancellationToken.None);
        return (raw, await DeviceProtocolStore.OpenAsync(raw, _alice, cancellationToken: CancellationToken.None));
    }

    private static async Task<PreKeyBundle> PublishAsync(IProtocolStore store, ProtocolAddress address, uint id)
    {
        var identity = await store.GetIdentityKeyPairAsync(CancellationToken.None);
        var signed = SignedPreKeyRecord.Generate(identity, id, DateTimeOffset.UnixEpoch);
        var kem = KemPreKeyRecord.Generate(identity, id + 1000, isLastResort: false, DateTimeOffset.UnixEpoch);
        var oneTime = PreKeyRecord.Generate(id + 2000);
        await store.StoreSignedPreKeyAsync(signed, CancellationToken.None);
        await store.StoreKemPreKeyAsync(kem, CancellationToken.None);
        await store.StorePreKeyAsync(oneTime, CancellationToken.None);
        return PreKeyBundle.FromRecords(address, identity.PublicKey, signed, kem, oneTime);
    }

    private static async Task<string> DecryptAsync(IProtocolStore store, ProtocolAddress from, byte[] message)
    {
        using var cipher = new SessionCipher(store, from);
        return Encoding.UTF8.GetString(await cipher.DecryptAsync(message, CancellationToken.None));
    }

    private static async Task<byte[]> EncryptAsync(IProtocolStore store, ProtocolAddress to, string text)
    {
        using var cipher = new SessionCipher(store, to);
        return await cipher.EncryptAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None);
    }

    [Fact]
    public async Task RestartedClient_SameStore_ContinuesPairwiseSessionAndSenderKeys()
    {
        using var key = StoreKey.Generate();
        var bob = new InMemoryProtocolStore(IdentityKeyPair.Generate(), _bob);
        IdentityKey aliceIdentity;

        // First "process": Alice publishes keys, Bob starts a session, they exchange messages; Alice also receives
        // Bob's sender key for a channel.
        var (raw, alice) = await OpenAliceAsync(key);
        await using (raw)
        using (alice)
        {
            aliceIdentity = (await alice.GetIdentityKeyPairAsync(CancellationToken.None)).PublicKey;
            var bundle = await PublishAsync(alice, _alice, 1);
            await new SessionBuilder(bob, _alice).ProcessPreKeyBundleAsync(bundle, CancellationToken.None);
            Assert.Equal("hello alice", await DecryptAsync(alice, _bob, await EncryptAsync(bob, _alice, "hello alice")));
            Assert.Equal("hi bob", await DecryptAsync(bob, _alice, await EncryptAsync(alice, _bob, "hi bob")));

            var channel = new SenderKeyName("channel-1", _bob);
            var distribution = await new GroupSessionBuilder(bob).CreateDistributionMessageAsync(channel, CancellationToken.None);
            Assert.True(await new GroupSessionBuilder(alice).ProcessAsync(channel, distribution, CancellationToken.None));
        }

        // Second "process": a new store instance over the same file, no state carried in memory.
        var (raw2, restarted) = await OpenAliceAsync(key);
        await using (raw2)
        using (restarted)
        {
            Assert.Equal(aliceIdentity, (await restarted.GetIdentityKeyPairAsync(CancellationToken.None)).PublicKey);
            Assert.Equal("still there?", await DecryptAsync(restarted, _bob, await EncryptAsync(bob, _alice, "still there?")));
            Assert.Equal("yes", await DecryptAsync(bob, _alice, await EncryptAsync(restarted, _bob, "yes")));

            using var bobGroup = new GroupCipher(bob, new SenderKeyName("channel-1", _bob));
            using var aliceGroup = new GroupCipher(restarted, new SenderKeyName("channel-1", _bob));
            var sealedMessage = await bobGroup.EncryptAsync("to the channel"u8.ToArray(), CancellationToken.None);
            Assert.Equal("to the channel"u8.ToArray(), await aliceGroup.DecryptAsync(sealedMessage, CancellationToken.None));
            Assert.Equal(IdentityChange.Unchanged, await restarted.SaveIdentityAsync("bob", (await bob.GetIdentityKeyPairAsync(CancellationToken.None)).PublicKey, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Open_StoreOfAnotherDevice_IsRefused()
    {
        using var key = StoreKey.Generate();
        var (raw, alice) = await OpenAliceAsync(key);
        alice.Dispose();
        await using (raw)
        {
            var error = await Assert.ThrowsAsync<ChatalotStoreException>(() => DeviceProtocolStore.OpenAsync(raw, new ProtocolAddress("alice", 2), cancellationToken: CancellationToken.None));
            Assert.Equal(ClientErrorCodes.StoreKeyMismatch, error.Code);
        }
    }

    [Fact]
    public async Task PinnedIdentities_TrustOnFirstUse_ReportReplacement()
    {
        using var key = StoreKey.Generate();
        var (raw, store) = await OpenAliceAsync(key);
        await using (raw)
        using (store)
        {
            var first = IdentityKeyPair.Generate().PublicKey;
            var second = IdentityKeyPair.Generate().PublicKey;
            Assert.True(await store.IsTrustedIdentityAsync("carol", first, CancellationToken.None));
            Assert.Equal(IdentityChange.NewIdentity, await store.SaveIdentityAsync("carol", first, CancellationToken.None));
            Assert.False(await store.IsTrustedIdentityAsync("carol", second, CancellationToken.None));
            Assert.Equal(IdentityChange.Replaced, await store.SaveIdentityAsync("carol", second, CancellationToken.None));
            Assert.Equal(second, await store.GetIdentityAsync("carol", CancellationToken.None));
        }
    }

    [Fact]
    public async Task KemPrekeys_OneTimeDeletedWhenUsed_LastResortKept()
    {
        using var key = StoreKey.Generate();
        var (raw, store) = await OpenAliceAsync(key);
        await using (raw)
        using (store)
        {
            var identity = await store.GetIdentityKeyPairAsync(CancellationToken.None);
            await store.StoreKemPreKeyAsync(KemPreKeyRecord.Generate(identity, 1, isLastResort: false, DateTimeOffset.UnixEpoch), CancellationToken.None);
            await store.StoreKemPreKeyAsync(KemPreKeyRecord.Generate(identity, 2, isLastResort: true, DateTimeOffset.UnixEpoch), CancellationToken.None);
            Assert.True(await store.MarkKemPreKeyUsedAsync(1, 5, new byte[32], CancellationToken.None));
            Assert.True(await store.MarkKemPreKeyUsedAsync(2, 5, new byte[32], CancellationToken.None));
            Assert.Null(await store.LoadKemPreKeyAsync(1, CancellationToken.None));
            Assert.NotNull(await store.LoadKemPreKeyAsync(2, CancellationToken.None));

            await store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Generate(identity, 5, DateTimeOffset.UnixEpoch), CancellationToken.None);
            await store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Generate(identity, 3, DateTimeOffset.UnixEpoch), CancellationToken.None);
            Assert.Equal([3u, 5u], (await store.LoadSignedPreKeysAsync(CancellationToken.None)).Select(r => r.Id));
        }
    }
}
