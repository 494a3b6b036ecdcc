using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.SafetyNumbers;

public class SafetyNumberTests
{
    [Fact]
    public void BothSides_SeeTheSameSixtyDigits_AndScanEachOther()
    {
        var alice = IdentityKeyPair.Generate();
        var bob = IdentityKeyPair.Generate();
        var fromAlice = SafetyNumber.Create("alice", alice.PublicKey, "bob", bob.PublicKey, Providers.Sodium);
        var fromBob = SafetyNumber.Create("bob", bob.PublicKey, "alice", alice.PublicKey, Providers.Managed);
        Assert.Equal(60, fromAlice.Digits.Length);
        Assert.All(fromAlice.Digits, c => Assert.InRange(c, '0', '9'));
        Assert.Equal(fromAlice.Digits, fromBob.Digits);
        Assert.Equal(71, fromAlice.ToGroupedString().Length);
        Assert.True(fromAlice.MatchesScanned(fromBob.ToScannableBytes()));
        Assert.True(fromBob.MatchesScanned(fromAlice.ToScannableBytes()));
        Assert.False(fromAlice.MatchesScanned(fromAlice.ToScannableBytes()));
    }

    [Fact]
    public void ChangedKeyOrUserId_ChangesTheNumber()
    {
        var alice = IdentityKeyPair.Generate();
        var bob = IdentityKeyPair.Generate();
        var mallory = IdentityKeyPair.Generate();
        var genuine = SafetyNumber.Create("alice", alice.PublicKey, "bob", bob.PublicKey);
        var substituted = SafetyNumber.Create("alice", alice.PublicKey, "bob", mallory.PublicKey);
        var relabelled = SafetyNumber.Create("alice", alice.PublicKey, "bob2", bob.PublicKey);
        Assert.NotEqual(genuine.Digits, substituted.Digits);
        Assert.NotEqual(genuine.Digits, relabelled.Digits);
        Assert.False(genuine.MatchesScanned(SafetyNumber.Create("bob", mallory.PublicKey, "alice", alice.PublicKey).ToScannableBytes()));
        Assert.Throws<InvalidMessageException>(() => genuine.MatchesScanned([1, 2, 3]));
    }
}
