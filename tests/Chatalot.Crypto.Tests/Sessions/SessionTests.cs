using System.Text;
using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Sessions;

public class SessionTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [MemberData(nameof(Providers.Pairs), MemberType = typeof(Providers))]
    public async Task Conversation_BothDirections_DecryptsAcrossProviders(CryptoProviderKind aliceKind, CryptoProviderKind bobKind)
    {
        var alice = new Device("alice", 1, Providers.Get(aliceKind));
        var bob = new Device("bob", 7, Providers.Get(bobKind));
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);

        var first = await aliceCipher.EncryptAsync(Utf8("hello bob"));
        Assert.Equal(CiphertextMessageType.PreKey, SessionCipher.GetMessageType(first));
        Assert.Equal("hello bob", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(first)));

        // Alice keeps sending prekey messages until Bob replies.
        var second = await aliceCipher.EncryptAsync(Utf8("still there?"));
        Assert.Equal(CiphertextMessageType.PreKey, SessionCipher.GetMessageType(second));
        Assert.Equal("still there?", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(second)));

        for (var round = 0; round < 5; round++)
        {
            var reply = await bobCipher.EncryptAsync(Utf8($"reply {round}"));
            Assert.Equal(CiphertextMessageType.Ratchet, SessionCipher.GetMessageType(reply));
            Assert.Equal($"reply {round}", Encoding.UTF8.GetString(await aliceCipher.DecryptAsync(reply)));
            var message = await aliceCipher.EncryptAsync(Utf8($"message {round}"));
            Assert.Equal(CiphertextMessageType.Ratchet, SessionCipher.GetMessageType(message));
            Assert.Equal($"message {round}", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(message)));
        }
    }

    [Fact]
    public async Task FirstMessage_ConsumesOneTimePreKeys_OnlyAfterAuthentication()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        Assert.Equal(1, bob.Store.PreKeyCount);
        Assert.Equal(2, bob.Store.KemPreKeyCount);

        var first = await aliceCipher.EncryptAsync(Utf8("hi"));
        var forged = (byte[])first.Clone();
        forged[^1] ^= 1;
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(forged));
        Assert.Equal(1, bob.Store.PreKeyCount);
        Assert.Equal(2, bob.Store.KemPreKeyCount);
        Assert.Null(await bob.Store.LoadSessionAsync(alice.Address));
        Assert.Null(await bob.Store.GetIdentityAsync("alice"));

        Assert.Equal("hi", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(first)));
        Assert.Equal(0, bob.Store.PreKeyCount);
        Assert.Equal(1, bob.Store.KemPreKeyCount); // the last-resort key stays
        Assert.Equal(alice.Identity.PublicKey, await bob.Store.GetIdentityAsync("alice"));
    }

    [Fact]
    public async Task FirstMessage_Replayed_IsDuplicateAndSessionSurvives()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob, withOneTimeKeys: false);
        var bobCipher = bob.CipherFor(alice);
        var first = await aliceCipher.EncryptAsync(Utf8("once"));
        await bobCipher.DecryptAsync(first);
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await bobCipher.DecryptAsync(first));

        var reply = await bobCipher.EncryptAsync(Utf8("pong"));
        Assert.Equal("pong", Encoding.UTF8.GetString(await aliceCipher.DecryptAsync(reply)));
    }

    [Fact]
    public async Task Decrypt_ForgedMessage_LeavesSessionUsable()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        await aliceCipher.DecryptAsync(await bobCipher.EncryptAsync(Utf8("ack")));

        var genuine = await aliceCipher.EncryptAsync(Utf8("genuine"));
        var before = (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize();

        // A new ratchet key with a huge message number: must not ratchet or store skipped keys.
        var forged = (byte[])genuine.Clone();
        forged[5] ^= 0x55;
        forged[40] = 0x03;
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(forged));
        var truncated = genuine[..^3];
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(truncated));
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(genuine[..10]));
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(Array.Empty<byte>()));

        Assert.Equal(before, (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize());
        Assert.Equal("genuine", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(genuine)));
    }

    [Fact]
    public async Task Decrypt_OutOfOrderAcrossRatchetSteps_DecryptsEachOnce()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Managed);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));

        var a1 = await aliceCipher.EncryptAsync(Utf8("a1"));
        var a2 = await aliceCipher.EncryptAsync(Utf8("a2"));
        var b1 = await bobCipher.EncryptAsync(Utf8("b1"));
        Assert.Equal("b1", Encoding.UTF8.GetString(await aliceCipher.DecryptAsync(b1)));
        var a3 = await aliceCipher.EncryptAsync(Utf8("a3")); // new chain
        Assert.Equal("a3", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(a3)));
        Assert.Equal("a2", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(a2)));
        Assert.Equal("a1", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(a1)));
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await bobCipher.DecryptAsync(a1));
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await bobCipher.DecryptAsync(a3));
    }

    [Fact]
    public async Task Decrypt_GapAboveLimit_IsRejectedWithoutStateChange()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        await aliceCipher.DecryptAsync(await bobCipher.EncryptAsync(Utf8("ack")));
        for (var i = 0; i < 1001; i++)
        {
            await aliceCipher.EncryptAsync(Utf8("dropped"));
        }

        var far = await aliceCipher.EncryptAsync(Utf8("too far"));
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(far));
        Assert.Equal(CryptoErrorCode.TooManySkippedMessages, ex.Code);
    }

    [Fact]
    public async Task ChangedIdentity_IsReportedAndNeverSilentlyAccepted()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        Assert.Equal(IdentityChange.NewIdentity, await new SessionBuilder(alice.Store, bob.Address, alice.Provider).ProcessPreKeyBundleAsync(await bob.PublishBundleAsync()));

        var impostor = new Device("bob", 1, Providers.Sodium);
        var builder = new SessionBuilder(alice.Store, impostor.Address, alice.Provider);
        var ex = await Assert.ThrowsAsync<UntrustedIdentityException>(async () => await builder.ProcessPreKeyBundleAsync(await impostor.PublishBundleAsync()));
        Assert.Equal("bob", ex.UserId);
        Assert.Equal(impostor.Identity.PublicKey, ex.IdentityKey);

        // After the user approves the new key, the session can be built.
        Assert.Equal(IdentityChange.Replaced, await alice.Store.SaveIdentityAsync("bob", impostor.Identity.PublicKey));
        Assert.Equal(IdentityChange.Unchanged, await builder.ProcessPreKeyBundleAsync(await impostor.PublishBundleAsync()));
    }

    [Fact]
    public async Task Bundle_WithBadSignature_IsRejected()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var good = await bob.PublishBundleAsync();
        var badSignature = good.SignedPreKeySignature.ToArray();
        badSignature[3] ^= 1;
        var bad = new PreKeyBundle(good.Address, good.IdentityKey, good.SignedPreKeyId, good.SignedPreKey, badSignature,
            good.KemPreKeyId, good.KemPreKey, good.KemPreKeySignature, good.KemPreKeyIsLastResort, good.OneTimePreKeyId, good.OneTimePreKey);
        var ex = await Assert.ThrowsAsync<InvalidKeyException>(async () => await new SessionBuilder(alice.Store, bob.Address).ProcessPreKeyBundleAsync(bad));
        Assert.Equal(CryptoErrorCode.InvalidSignature, ex.Code);

        // Claiming the last-resort flag on a one-time KEM key also breaks its signature.
        var flipped = new PreKeyBundle(good.Address, good.IdentityKey, good.SignedPreKeyId, good.SignedPreKey, good.SignedPreKeySignature,
            good.KemPreKeyId, good.KemPreKey, good.KemPreKeySignature, !good.KemPreKeyIsLastResort, good.OneTimePreKeyId, good.OneTimePreKey);
        await Assert.ThrowsAsync<InvalidKeyException>(async () => await new SessionBuilder(alice.Store, bob.Address).ProcessPreKeyBundleAsync(flipped));
    }

    [Fact]
    public async Task MessageFromWrongClaimedSender_FailsBecauseAddressesAreBound()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var first = await aliceCipher.EncryptAsync(Utf8("hi"));

        // The server relabels Alice's message as coming from device 2.
        var wrongCipher = new SessionCipher(bob.Store, new ProtocolAddress("alice", 2), bob.Provider);
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await wrongCipher.DecryptAsync(first));
        Assert.Equal("hi", Encoding.UTF8.GetString(await bob.CipherFor(alice).DecryptAsync(first)));
    }

    [Fact]
    public async Task SimultaneousInitiation_BothSessionsKeepWorking()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = await bob.StartSessionAsync(alice);
        var fromAlice = await aliceCipher.EncryptAsync(Utf8("from alice"));
        var fromBob = await bobCipher.EncryptAsync(Utf8("from bob"));
        Assert.Equal("from alice", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(fromAlice)));
        Assert.Equal("from bob", Encoding.UTF8.GetString(await aliceCipher.DecryptAsync(fromBob)));

        // Each side now uses the session the other started; both still decrypt.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("a", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("a")))));
            Assert.Equal("b", Encoding.UTF8.GetString(await aliceCipher.DecryptAsync(await bobCipher.EncryptAsync(Utf8("b")))));
        }
    }

    [Fact]
    public async Task SessionRecord_RoundTripsMidConversation_WithSkippedKeys()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await aliceCipher.EncryptAsync(Utf8("start")));
        var late = await aliceCipher.EncryptAsync(Utf8("late"));
        var next = await aliceCipher.EncryptAsync(Utf8("next"));
        await bobCipher.DecryptAsync(next); // stores a skipped key for "late"

        var record = await bob.Store.LoadSessionAsync(alice.Address);
        var bytes = record!.Serialize();
        var restored = SessionRecord.Deserialize(bytes);
        Assert.Equal(bytes, restored.Serialize());
        await bob.Store.StoreSessionAsync(alice.Address, restored);
        Assert.Equal("late", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(late)));
    }

    [Fact]
    public void SessionRecord_MalformedBytes_ThrowInvalidState()
    {
        Assert.Throws<InvalidStateException>(() => SessionRecord.Deserialize([]));
        Assert.Throws<InvalidStateException>(() => SessionRecord.Deserialize([9]));
        Assert.Throws<InvalidStateException>(() => SessionRecord.Deserialize([1, 1, 0, 0]));
        Assert.Throws<InvalidStateException>(() => SessionRecord.Deserialize([1, 200]));
    }

    [Fact]
    public async Task UnknownVersion_IsRejectedAndNeverTreatedAsPlaintext()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var aliceCipher = await alice.StartSessionAsync(bob);
        var message = await aliceCipher.EncryptAsync(Utf8("x"));
        message[0] = 0x01;
        var ex = await Assert.ThrowsAsync<InvalidMessageException>(async () => await bob.CipherFor(alice).DecryptAsync(message));
        Assert.Equal(CryptoErrorCode.UnsupportedVersion, ex.Code);
        Assert.Equal(CiphertextMessageType.Unknown, SessionCipher.GetMessageType(Utf8("{\"v\":1}")));
    }

    [Fact]
    public async Task IncomingPreKeyMessage_WithChangedIdentity_IsRejectedUntilApproved()
    {
        var bob = new Device("bob", 1, Providers.Sodium);
        var alice = new Device("alice", 1, Providers.Sodium);
        var bobCipher = bob.CipherFor(alice);
        await bobCipher.DecryptAsync(await (await alice.StartSessionAsync(bob)).EncryptAsync(Utf8("first")));

        // "alice" reinstalls (or an attacker claims her address) with a new identity key.
        var newAlice = new Device("alice", 1, Providers.Sodium);
        var message = await (await newAlice.StartSessionAsync(bob)).EncryptAsync(Utf8("it's me"));
        var before = (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize();
        var ex = await Assert.ThrowsAsync<UntrustedIdentityException>(async () => await bobCipher.DecryptAsync(message));
        Assert.Equal(newAlice.Identity.PublicKey, ex.IdentityKey);
        Assert.Equal(before, (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize());
        Assert.Equal(alice.Identity.PublicKey, await bob.Store.GetIdentityAsync("alice"));

        Assert.Equal(IdentityChange.Replaced, await bob.Store.SaveIdentityAsync("alice", newAlice.Identity.PublicKey));
        Assert.Equal("it's me", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(message)));
    }

    [Fact]
    public async Task Encrypt_AfterPinnedKeyChanged_IsRefused()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var cipher = await alice.StartSessionAsync(bob);
        await alice.Store.SaveIdentityAsync("bob", IdentityKeyPair.Generate().PublicKey);
        await Assert.ThrowsAsync<UntrustedIdentityException>(async () => await cipher.EncryptAsync(Utf8("x")));
    }

    [Fact]
    public async Task FirstMessageWithLastResortKeys_ReplayedAfterItsStateWasEvicted_IsStillDuplicate()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var bobCipher = bob.CipherFor(alice);
        var first = await (await alice.StartSessionAsync(bob, withOneTimeKeys: false)).EncryptAsync(Utf8("once"));
        await bobCipher.DecryptAsync(first);

        // Six newer sessions push the original state out of Bob's record (5 archived states are kept).
        for (var i = 0; i < 6; i++)
        {
            await bobCipher.DecryptAsync(await (await alice.StartSessionAsync(bob, withOneTimeKeys: false)).EncryptAsync(Utf8($"s{i}")));
        }

        var record = (await bob.Store.LoadSessionAsync(alice.Address))!;
        Assert.Equal(5, record.ArchivedStateCount);
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await bobCipher.DecryptAsync(first));
        var restored = SessionRecord.Deserialize(record.Serialize());
        await bob.Store.StoreSessionAsync(alice.Address, restored);
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await bobCipher.DecryptAsync(first));
    }
}
