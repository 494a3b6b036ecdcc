using System.Text;
using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.SenderKeys;

public class GroupTests
{
    private const string Channel = "channel-1";

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Alice creates her chain and hands it to Bob through their pairwise session.</summary>
    private static async Task<(Device Alice, Device Bob, GroupCipher Send, GroupCipher Receive)> SetUpAsync(CryptoProvider aliceProvider, CryptoProvider bobProvider)
    {
        var alice = new Device("alice", 1, aliceProvider);
        var bob = new Device("bob", 1, bobProvider);
        var pairwise = await alice.StartSessionAsync(bob);
        var name = new SenderKeyName(Channel, alice.Address);
        var distribution = await new GroupSessionBuilder(alice.Store, aliceProvider).CreateDistributionMessageAsync(name);
        var wrapped = await pairwise.EncryptAsync(distribution.Serialize());

        var unwrapped = await bob.CipherFor(alice).DecryptAsync(wrapped);
        Assert.True(await new GroupSessionBuilder(bob.Store, bobProvider).ProcessAsync(name, SenderKeyDistributionMessage.Parse(unwrapped)));
        return (alice, bob, new GroupCipher(alice.Store, name, aliceProvider), new GroupCipher(bob.Store, name, bobProvider));
    }

    [Theory]
    [MemberData(nameof(Providers.Pairs), MemberType = typeof(Providers))]
    public async Task GroupMessages_DecryptAcrossProviders_InAnyOrder(CryptoProviderKind aliceKind, CryptoProviderKind bobKind)
    {
        var (_, _, send, receive) = await SetUpAsync(Providers.Get(aliceKind), Providers.Get(bobKind));
        var m0 = await send.EncryptAsync(Utf8("m0"));
        var m1 = await send.EncryptAsync(Utf8("m1"));
        var m2 = await send.EncryptAsync(Utf8("m2"));
        Assert.Equal(CiphertextMessageType.SenderKey, SessionCipher.GetMessageType(m0));
        Assert.Equal("m2", Encoding.UTF8.GetString(await receive.DecryptAsync(m2)));
        Assert.Equal("m0", Encoding.UTF8.GetString(await receive.DecryptAsync(m0)));
        Assert.Equal("m1", Encoding.UTF8.GetString(await receive.DecryptAsync(m1)));
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await receive.DecryptAsync(m1));
    }

    [Fact]
    public async Task GroupMessage_WithBadSignature_IsRejectedBeforeDecryption_AndChainSurvives()
    {
        var (_, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var message = await send.EncryptAsync(Utf8("signed"));
        var name = new SenderKeyName(Channel, new ProtocolAddress("alice", 1));
        var before = (await bob.Store.LoadSenderKeyAsync(name))!.Serialize();

        foreach (var position in new[] { 3, 7, 12, message.Length - 20, message.Length - 1 })
        {
            var forged = (byte[])message.Clone();
            forged[position] ^= 0x01;
            await Assert.ThrowsAnyAsync<ChatalotCryptoException>(async () => await receive.DecryptAsync(forged));
        }

        await Assert.ThrowsAsync<InvalidMessageException>(async () => await receive.DecryptAsync(message[..40]));
        Assert.Equal(before, (await bob.Store.LoadSenderKeyAsync(name))!.Serialize());
        Assert.Equal("signed", Encoding.UTF8.GetString(await receive.DecryptAsync(message)));
    }

    [Fact]
    public async Task MemberHoldingChainKey_CannotForgeAsSender()
    {
        // Bob has Alice's chain key; he builds a message with it but cannot sign with Alice's signing key.
        var (_, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var genuine = await send.EncryptAsync(Utf8("genuine"));
        var forged = (byte[])genuine.Clone();
        Array.Copy(Enumerable.Repeat((byte)0x42, 64).ToArray(), 0, forged, forged.Length - 64, 64);
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(async () => await receive.DecryptAsync(forged));
        Assert.Equal(CryptoErrorCode.InvalidSignature, ex.Code);
        Assert.NotNull(bob);
    }

    [Fact]
    public async Task Rotation_NewChainIsNeededAfterRemoval_OldChainStillReadsInFlightMessages()
    {
        var (alice, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var name = new SenderKeyName(Channel, alice.Address);
        var beforeRotation = await send.EncryptAsync(Utf8("old chain"));
        var rotated = await new GroupSessionBuilder(alice.Store).RotateAsync(name);
        var afterRotation = await send.EncryptAsync(Utf8("new chain"));

        // A removed member (who kept the old state) cannot read the new chain.
        await Assert.ThrowsAsync<NoSessionException>(async () => await receive.DecryptAsync(afterRotation));

        // A remaining member gets the new distribution and reads both.
        Assert.True(await new GroupSessionBuilder(bob.Store).ProcessAsync(name, SenderKeyDistributionMessage.Parse(rotated.Serialize())));
        Assert.Equal("new chain", Encoding.UTF8.GetString(await receive.DecryptAsync(afterRotation)));
        Assert.Equal("old chain", Encoding.UTF8.GetString(await receive.DecryptAsync(beforeRotation)));
    }

    [Fact]
    public async Task NewMember_GetsCurrentChainOnly_AndCannotReadHistory()
    {
        var (alice, _, send, _) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var history = await send.EncryptAsync(Utf8("before carol joined"));
        var name = new SenderKeyName(Channel, alice.Address);
        var distribution = await new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name);
        Assert.Equal(1u, distribution.Iteration);

        var carol = new Device("carol", 1, Providers.Sodium);
        await new GroupSessionBuilder(carol.Store).ProcessAsync(name, distribution);
        var carolCipher = new GroupCipher(carol.Store, name);
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(async () => await carolCipher.DecryptAsync(history));
        Assert.Equal(CryptoErrorCode.InvalidMessage, ex.Code);
        Assert.Equal("welcome", Encoding.UTF8.GetString(await carolCipher.DecryptAsync(await send.EncryptAsync(Utf8("welcome")))));
    }

    [Fact]
    public async Task ReplayedDistribution_DoesNotRewindTheChain()
    {
        var (alice, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var name = new SenderKeyName(Channel, alice.Address);
        var first = await send.EncryptAsync(Utf8("first"));
        await receive.DecryptAsync(first);
        var old = await new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name);
        Assert.False(await new GroupSessionBuilder(bob.Store).ProcessAsync(name, old));
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await receive.DecryptAsync(first));
    }

    [Fact]
    public async Task SenderKeyRecord_RoundTrips()
    {
        var (alice, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Managed);
        var name = new SenderKeyName(Channel, alice.Address);
        var skipped = await send.EncryptAsync(Utf8("skipped"));
        await receive.DecryptAsync(await send.EncryptAsync(Utf8("later")));
        var bytes = (await bob.Store.LoadSenderKeyAsync(name))!.Serialize();
        var restored = SenderKeyRecord.Deserialize(bytes);
        Assert.Equal(bytes, restored.Serialize());
        await bob.Store.StoreSenderKeyAsync(name, restored);
        Assert.Equal("skipped", Encoding.UTF8.GetString(await receive.DecryptAsync(skipped)));
        Assert.Throws<InvalidStateException>(() => SenderKeyRecord.Deserialize(bytes[..^1]));
        Assert.Throws<InvalidMessageException>(() => SenderKeyDistributionMessage.Parse(new byte[10]));
        Assert.DoesNotContain("chain key", (await new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name)).ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EvictedChain_CannotBeRevivedByAnOldDistribution()
    {
        var (alice, bob, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        var name = new SenderKeyName(Channel, alice.Address);
        var oldMessage = await send.EncryptAsync(Utf8("old"));
        await receive.DecryptAsync(oldMessage);
        var original = SenderKeyDistributionMessage.Parse((await new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name)).Serialize());
        for (var i = 0; i < SenderKeyRecord.MaxStates; i++)
        {
            await new GroupSessionBuilder(bob.Store).ProcessAsync(name, await new GroupSessionBuilder(alice.Store).RotateAsync(name));
        }

        var restored = SenderKeyRecord.Deserialize((await bob.Store.LoadSenderKeyAsync(name))!.Serialize());
        await bob.Store.StoreSenderKeyAsync(name, restored);
        Assert.False(await new GroupSessionBuilder(bob.Store).ProcessAsync(name, original));
        await Assert.ThrowsAsync<NoSessionException>(async () => await receive.DecryptAsync(oldMessage));
    }

    [Fact]
    public async Task ForwardGap_IsIterationMinusNextExpected_2000IsAllowed_2001IsNot()
    {
        var (_, _, send, receive) = await SetUpAsync(Providers.Sodium, Providers.Sodium);
        await receive.DecryptAsync(await send.EncryptAsync(Utf8("i = 0"))); // next expected: 1
        for (var i = 1; i <= 2000; i++)
        {
            await send.EncryptAsync(Utf8("dropped"));
        }

        // i = 2001: 2,000 skipped keys (iterations 1 … 2000), the limit itself.
        Assert.Equal("i = 2001", Encoding.UTF8.GetString(await receive.DecryptAsync(await send.EncryptAsync(Utf8("i = 2001")))));
        for (var i = 2002; i <= 4002; i++)
        {
            await send.EncryptAsync(Utf8("dropped"));
        }

        // i = 4003 with next expected 2002: 2,001 skipped keys.
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(async () => await receive.DecryptAsync(await send.EncryptAsync(Utf8("i = 4003"))));
        Assert.Equal(CryptoErrorCode.TooManySkippedMessages, ex.Code);
    }
}
