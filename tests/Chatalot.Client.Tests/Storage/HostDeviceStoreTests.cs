using System.Text;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Storage;
using Chatalot.Crypto;

namespace Chatalot.Client.Tests.Storage;

/// <summary>
/// <see cref="ChatalotClientOptions.DeviceStore"/>: a client created again over the same host store is the same device
/// with the same sessions, exactly as over the SQLite file.
/// </summary>
public sealed class HostDeviceStoreTests
{
    private static readonly UserId Alice = new(Guid.Parse("0f3c2a3e-7d4b-4a51-9a55-3f1b3a4d5e60"));
    private readonly ProtocolAddress _bob = new("bob", 7);

    private static ChatalotClientOptions Options(IDeviceStore store) =>
        new() { ServerUrl = new Uri("http://127.0.0.1:5080/"), DeviceStore = store };

    [Fact]
    public async Task OpenAsync_ReopenedHostStore_GivesSameDeviceAndIdentity()
    {
        var store = new DictionaryDeviceStore();
        DeviceId first;
        IdentityKey identity;
        await using (var state = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None))
        {
            first = state.Device;
            identity = (await state.Store.GetIdentityKeyPairAsync(CancellationToken.None)).PublicKey;
        }

        await using var reopened = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None);
        Assert.Equal(first, reopened.Device);
        Assert.Equal(identity, (await reopened.Store.GetIdentityKeyPairAsync(CancellationToken.None)).PublicKey);
        Assert.Equal(DeviceState.Address(Alice, first), await reopened.Store.GetLocalAddressAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_ReopenedHostStore_ContinuesPairwiseSessionAndSenderKeys()
    {
        var store = new DictionaryDeviceStore();
        var bob = new InMemoryProtocolStore(IdentityKeyPair.Generate(), _bob);
        var channel = new SenderKeyName("channel-1", _bob);
        ProtocolAddress aliceAddress;
        var distribution = await new GroupSessionBuilder(bob).CreateDistributionMessageAsync(channel, CancellationToken.None);

        await using (var state = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None))
        {
            aliceAddress = await state.Store.GetLocalAddressAsync(CancellationToken.None);
            await new SessionBuilder(bob, aliceAddress).ProcessPreKeyBundleAsync(await PublishAsync(state.Store, aliceAddress), CancellationToken.None);
            Assert.Equal("hello", await DecryptAsync(state.Store, _bob, await EncryptAsync(bob, aliceAddress, "hello")));
            Assert.True(await new GroupSessionBuilder(state.Store).ProcessAsync(channel, distribution, CancellationToken.None));
        }

        // A reload: a new client over the same host store decrypts the next messages of both sessions and replies.
        await using var reopened = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None);
        Assert.Equal("still there?", await DecryptAsync(reopened.Store, _bob, await EncryptAsync(bob, aliceAddress, "still there?")));
        Assert.Equal("yes", await DecryptAsync(bob, aliceAddress, await EncryptAsync(reopened.Store, _bob, "yes")));
        byte[] group;
        using (var bobGroup = new GroupCipher(bob, channel))
        {
            group = await bobGroup.EncryptAsync(Encoding.UTF8.GetBytes("to the channel"), CancellationToken.None);
        }

        using var aliceGroup = new GroupCipher(reopened.Store, channel);
        Assert.Equal("to the channel", Encoding.UTF8.GetString(await aliceGroup.DecryptAsync(group, CancellationToken.None)));
    }

    [Fact]
    public async Task ReserveKeyIdsAsync_AfterReopen_NeverReusesIds()
    {
        var store = new DictionaryDeviceStore();
        uint first;
        await using (var state = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None))
        {
            first = await state.ReserveKeyIdsAsync(50, CancellationToken.None);
        }

        await using var reopened = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None);
        Assert.Equal(first + 50, await reopened.ReserveKeyIdsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_StoreOfAnotherAccount_IsRefused()
    {
        var store = new DictionaryDeviceStore();
        await (await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None)).DisposeAsync();

        var error = await Assert.ThrowsAsync<ChatalotStoreException>(() => DeviceState.OpenAsync(Options(store), new UserId(Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreKeyMismatch, error.Code);
    }

    [Fact]
    public async Task DisposeAsync_HostStore_StaysOpenForTheHost()
    {
        var store = new DictionaryDeviceStore();
        await (await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None)).DisposeAsync();

        Assert.False(store.Disposed);
    }

    [Fact]
    public async Task PutAsync_OneRecord_WritesOnlyThatRecord()
    {
        var store = new DictionaryDeviceStore();
        await using var state = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None);
        var before = store.Writes;

        await state.PutAsync("cursor:channel", new byte[16], CancellationToken.None);

        Assert.Equal(before + 1, store.Writes);
    }

    [Fact]
    public void Validate_StorePathAndDeviceStore_IsRefused()
    {
        var options = Options(new DictionaryDeviceStore()) with { StorePath = "x.db", StorePassphrase = "a passphrase" };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void StoreKeyFromPassphrase_NonAscii_UsesBytesAsTypedOnEveryHost()
    {
        // Composed and decomposed "é" stay distinct: no host-dependent normalisation (none in invariant mode, no NFKC in browsers).
        using var composed = StoreKey.FromPassphrase("caf\u00e9 au lait");
        using var decomposed = StoreKey.FromPassphrase("cafe\u0301 au lait");

        Assert.Equal(Encoding.UTF8.GetBytes("caf\u00e9 au lait"), composed.Secret.ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes("cafe\u0301 au lait"), decomposed.Secret.ToArray());
    }

    private static async Task<PreKeyBundle> PublishAsync(IProtocolStore store, ProtocolAddress address)
    {
        var identity = await store.GetIdentityKeyPairAsync(CancellationToken.None);
        var signed = SignedPreKeyRecord.Generate(identity, 1, DateTimeOffset.UnixEpoch);
        var kem = KemPreKeyRecord.Generate(identity, 1001, isLastResort: false, DateTimeOffset.UnixEpoch);
        var oneTime = PreKeyRecord.Generate(2001);
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
}
