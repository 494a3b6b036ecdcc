using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Sessions;

/// <summary>
/// A first message that used no one-time prekey and the last-resort KEM key stays valid as long as those keys exist.
/// It must never start its session again, however many sessions came after it (docs/protocol/crypto.md §5.2).
/// The restart case is in the store conformance suite (ProtocolStoreConformanceTests), run against every store.
/// </summary>
public class LastResortReplayTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    public async Task FirstMessage_UsingOnlyLastResortKeys_ReplayedAfterNewerSessions_IsDuplicate_AndTheReplyStaysReadable(int newerSessions)
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob, withOneTimeKeys: false);
        var bobCipher = bob.CipherFor(alice);
        var payment = await aliceCipher.EncryptAsync("pay 10 EUR"u8.ToArray());
        Assert.Equal("pay 10 EUR"u8.ToArray(), await bobCipher.DecryptAsync(payment));

        for (var i = 0; i < newerSessions; i++)
        {
            await alice.StartSessionAsync(bob, withOneTimeKeys: false);
            await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync("newer session"u8.ToArray()));
        }

        await Assert.ThrowsAsync<DuplicateMessageException>(() => bobCipher.DecryptAsync(payment).AsTask());
        Assert.Equal(newerSessions + 1, bob.Store.LastResortUseCount);

        // The replay changed nothing: Bob's reply goes to Alice's current session, which reads it.
        var reply = await bobCipher.EncryptAsync("paid"u8.ToArray());
        Assert.Equal("paid"u8.ToArray(), await aliceCipher.DecryptAsync(reply));
    }

    [Fact]
    public async Task RetiringTheSignedPreKey_ForgetsItsLastResortUses_AndTheReplayFailsAsMissingPreKey()
    {
        var alice = new Device("alice", 1, Providers.Managed);
        var bob = new Device("bob", 1, Providers.Managed);
        var aliceCipher = await alice.StartSessionAsync(bob, withOneTimeKeys: false);
        var first = await aliceCipher.EncryptAsync("hello"u8.ToArray());
        await bob.CipherFor(alice).DecryptAsync(first);
        Assert.Equal(1, bob.Store.LastResortUseCount);

        await bob.Store.RemoveSignedPreKeyAsync(bob.SignedPreKey.Id);
        await bob.Store.DeleteSessionAsync(alice.Address);
        Assert.Equal(0, bob.Store.LastResortUseCount);
        await Assert.ThrowsAsync<MissingPreKeyException>(() => bob.CipherFor(alice).DecryptAsync(first).AsTask());
    }
}
