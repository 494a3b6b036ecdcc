using System.Text;
using Chatalot.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Crypto.Tests.Sessions;

/// <summary>The boundaries of docs/protocol/crypto.md §6.5, each pinned at the exact value.</summary>
public class SkippedKeyLimitTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task SkippedKey_IsUsableJustBelowThirtyDays_AndDeletedAtThirtyDays()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice, time);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        var late1 = await aliceCipher.EncryptAsync(Utf8("late 1"));
        var late2 = await aliceCipher.EncryptAsync(Utf8("late 2"));
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("next"))); // skips the keys of late 1 and 2
        Assert.Equal(2, (await bob.Store.LoadSessionAsync(alice.Address))!.Current!.SkippedKeyCount);

        time.Advance(MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Equal("late 1", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(late1)));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<DuplicateMessageException>(() => bobCipher.DecryptAsync(late2).AsTask());

        // Any commit deletes the expired key; the session goes on.
        await bobCipher.EncryptAsync(Utf8("reply"));
        Assert.Equal(0, (await bob.Store.LoadSessionAsync(alice.Address))!.Current!.SkippedKeyCount);
        Assert.Equal("more", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("more")))));
    }

    [Fact]
    public async Task SkippedKeyAge_SurvivesSerialisation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var alice = new Device("alice", 1, Providers.Managed);
        var bob = new Device("bob", 1, Providers.Managed);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice, time);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        var late = await aliceCipher.EncryptAsync(Utf8("late"));
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("next")));

        var bytes = (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize();
        Assert.Equal(2, bytes[0]); // record format 2 carries the stored-at time of each skipped key
        await bob.Store.StoreSessionAsync(alice.Address, SessionRecord.Deserialize(bytes));
        time.Advance(MaxAge);
        await Assert.ThrowsAsync<DuplicateMessageException>(() => bobCipher.DecryptAsync(late).AsTask());
    }

    [Fact]
    public async Task Gap_OfExactly1000_IsAllowed_1001_IsNot()
    {
        var (aliceCipher, bobCipher) = await StartAsync();
        for (var i = 0; i < 1000; i++)
        {
            await aliceCipher.EncryptAsync(Utf8("dropped"));
        }

        var atLimit = await aliceCipher.EncryptAsync(Utf8("N = Nr + 1000"));
        Assert.Equal("N = Nr + 1000", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(atLimit)));

        for (var i = 0; i < 1001; i++)
        {
            await aliceCipher.EncryptAsync(Utf8("dropped"));
        }

        var beyond = await aliceCipher.EncryptAsync(Utf8("N = Nr + 1001"));
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(() => bobCipher.DecryptAsync(beyond).AsTask());
        Assert.Equal(CryptoErrorCode.TooManySkippedMessages, ex.Code);
    }

    [Fact]
    public async Task PnAndNSkips_HaveSeparateBudgets_AndTheOldestStoredKeyIsEvictedFirst()
    {
        var (aliceCipher, bobCipher) = await StartAsync();

        // Old chain: Bob has read N = 0; Alice sends 1..1000 (kept aside), so PN − Nr = 1000 at the next step.
        var oldChain = new List<byte[]>();
        for (var i = 1; i <= 1000; i++)
        {
            oldChain.Add(await aliceCipher.EncryptAsync(Utf8($"old {i}")));
        }

        await aliceCipher.DecryptAsync(await bobCipher.EncryptAsync(Utf8("reply"))); // Alice ratchets
        for (var i = 0; i < 1000; i++)
        {
            await aliceCipher.EncryptAsync(Utf8("dropped"));
        }

        // One message skips 1,000 keys of the old chain and 1,000 of the new one: each within its own limit.
        Assert.Equal("new 1000", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("new 1000")))));

        // The store is full (2,000). One more skipped key evicts the first one stored (old chain N = 1), not the lowest N.
        await aliceCipher.EncryptAsync(Utf8("dropped"));
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("new 1002")));
        await Assert.ThrowsAsync<DuplicateMessageException>(() => bobCipher.DecryptAsync(oldChain[0]).AsTask());
        Assert.Equal("old 2", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(oldChain[1])));
    }

    [Fact]
    public async Task PnSkip_Of1001_IsRejected_EvenWhenNSkipsNothing()
    {
        var (aliceCipher, bobCipher) = await StartAsync();
        for (var i = 1; i <= 1001; i++)
        {
            await aliceCipher.EncryptAsync(Utf8("dropped"));
        }

        await aliceCipher.DecryptAsync(await bobCipher.EncryptAsync(Utf8("reply")));
        var first = await aliceCipher.EncryptAsync(Utf8("N = 0, PN − Nr = 1001"));
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(() => bobCipher.DecryptAsync(first).AsTask());
        Assert.Equal(CryptoErrorCode.TooManySkippedMessages, ex.Code);
    }

    private static async Task<(SessionCipher Alice, SessionCipher Bob)> StartAsync()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        return (aliceCipher, bobCipher);
    }
}
