using Chatalot.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Crypto.Tests.Sessions;

public class PreKeyRotationTests
{
    [Fact]
    public async Task SignedPreKey_RotatesOnSchedule_AndOldKeyIsDeletedAfterGrace()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var identity = IdentityKeyPair.Generate();
        var store = new InMemoryProtocolStore(identity, new ProtocolAddress("bob", 1));
        var rotation = new PreKeyRotation(store, new PreKeyRotationOptions { SignedPreKeyLifetime = TimeSpan.FromDays(7), SignedPreKeyGracePeriod = TimeSpan.FromDays(30) }, time);

        var first = await rotation.RotateSignedPreKeyIfDueAsync(1);
        Assert.NotNull(first);
        Assert.Null(await rotation.RotateSignedPreKeyIfDueAsync(2)); // still fresh

        time.Advance(TimeSpan.FromDays(7));
        var second = await rotation.RotateSignedPreKeyIfDueAsync(2);
        Assert.NotNull(second);
        Assert.Equal(2, (await store.LoadSignedPreKeysAsync()).Count); // the old one is in its grace period

        time.Advance(TimeSpan.FromDays(29));
        await rotation.RotateSignedPreKeyIfDueAsync(3);
        Assert.NotNull(await store.LoadSignedPreKeyAsync(1));

        time.Advance(TimeSpan.FromDays(1)); // 30 days after key 1 was replaced
        await rotation.RotateSignedPreKeyIfDueAsync(4);
        Assert.Null(await store.LoadSignedPreKeyAsync(1));
        Assert.NotNull(await store.LoadSignedPreKeyAsync(2));
    }

    [Fact]
    public async Task SessionFromBundleFetchedBeforeRotation_StillCompletesDuringGrace()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var alice = new Device("alice", 1, Providers.Sodium);
        var bobIdentity = IdentityKeyPair.Generate();
        var bobStore = new InMemoryProtocolStore(bobIdentity, new ProtocolAddress("bob", 1));
        var rotation = new PreKeyRotation(bobStore, timeProvider: time);
        var signed = (await rotation.RotateSignedPreKeyIfDueAsync(1))!;
        var kem = (await rotation.GenerateKemPreKeysAsync(10, 1, lastResort: true))[0];
        var oneTime = (await rotation.GenerateOneTimePreKeysAsync(100, 5))[0];
        var bundle = PreKeyBundle.FromRecords(new ProtocolAddress("bob", 1), bobIdentity.PublicKey, signed, kem, oneTime);

        time.Advance(TimeSpan.FromDays(8));
        Assert.NotNull(await rotation.RotateSignedPreKeyIfDueAsync(2));

        await new SessionBuilder(alice.Store, bundle.Address).ProcessPreKeyBundleAsync(bundle);
        var message = await alice.CipherFor(new Device("bob", 1, Providers.Sodium, bobIdentity)).EncryptAsync(new byte[] { 1, 2, 3 });
        var plaintext = await new SessionCipher(bobStore, alice.Address).DecryptAsync(message);
        Assert.Equal(new byte[] { 1, 2, 3 }, plaintext);
    }

    [Fact]
    public void Options_AreValidated()
    {
        var store = new InMemoryProtocolStore(IdentityKeyPair.Generate(), new ProtocolAddress("x", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreKeyRotation(store, new PreKeyRotationOptions { SignedPreKeyLifetime = TimeSpan.Zero }));
    }
}
