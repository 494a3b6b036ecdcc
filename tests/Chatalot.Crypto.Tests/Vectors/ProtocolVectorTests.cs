using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Chatalot.Crypto.Sessions.Internal;
using Chatalot.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Crypto.Tests.Vectors;

/// <summary>
/// Checked-in protocol vectors (Vectors/protocol-v2.json). Every random byte comes from
/// <see cref="DeterministicRandom"/> (SHA-256 counter stream per party, docs/protocol/crypto.md §10), so any
/// implementation can regenerate the same bytes. Set CHATALOT_UPDATE_VECTORS=1 to rewrite the file after a
/// deliberate format change.
/// </summary>
public class ProtocolVectorTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01

    [Fact]
    public async Task Vectors_AreIdenticalOnBothProviders_AndMatchTheCheckedInFile()
    {
        var sodium = await GenerateAsync(CryptoProviderKind.Sodium);
        var managed = await GenerateAsync(CryptoProviderKind.Managed);
        Assert.Equal(sodium, managed);

        var path = VectorPath();
        if (Environment.GetEnvironmentVariable("CHATALOT_UPDATE_VECTORS") == "1")
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(sodium, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var checkedIn = JsonSerializer.Deserialize<SortedDictionary<string, string>>(await File.ReadAllTextAsync(path))!;
        Assert.Equal(checkedIn.Keys, sodium.Keys);
        foreach (var (key, value) in checkedIn)
        {
            Assert.True(value == sodium[key], $"Vector '{key}' changed.");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public async Task CheckedInMessages_DecryptWithRegeneratedKeys(CryptoProviderKind kind)
    {
        var vectors = JsonSerializer.Deserialize<SortedDictionary<string, string>>(await File.ReadAllTextAsync(VectorPath()))!;
        var provider = Providers.Get(kind);
        var (bob, _) = CreateBob(kind);
        var bobCipher = new SessionCipher(bob, new ProtocolAddress("alice", 1), provider);
        Assert.Equal("hello bob", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(Convert.FromHexString(vectors["session.message.1.alice"]))));
        Assert.Equal("second from alice", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(Convert.FromHexString(vectors["session.message.2.alice"]))));

        var safety = SafetyNumber.Create("alice", IdentityKey.FromBytes(Convert.FromHexString(vectors["identity.alice.public"])),
            "bob", IdentityKey.FromBytes(Convert.FromHexString(vectors["identity.bob.public"])), provider);
        Assert.Equal(vectors["safety_number.digits"], safety.Digits);

        var secrets = AttachmentSecrets.Deserialize(Convert.FromHexString(vectors["attachment.secrets"]));
        using var plaintext = new MemoryStream();
        await new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 4096 }, provider)
            .DecryptAsync(new MemoryStream(Convert.FromHexString(vectors["attachment.ciphertext"])), plaintext, secrets);
        Assert.Equal(Convert.FromHexString(vectors["attachment.plaintext"]), plaintext.ToArray());

        foreach (var prefix in new[] { "attachment.empty", "attachment.multiple" })
        {
            using var output = new MemoryStream();
            await new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 4096 }, provider).DecryptAsync(
                new MemoryStream(Convert.FromHexString(vectors[prefix + ".ciphertext"])), output, AttachmentSecrets.Deserialize(Convert.FromHexString(vectors[prefix + ".secrets"])));
            Assert.Equal(Convert.FromHexString(vectors[prefix + ".plaintext"]), output.ToArray());
        }

        // The last-resort scenario, in the order the vectors were made, then the replay of Carol's first message.
        var (bobForCarol, _, _) = CreateBobWithLastResort(kind);
        var carolAddress = new ProtocolAddress("carol", 1);
        var fromCarol = new SessionCipher(bobForCarol, carolAddress, provider);
        Assert.Equal("second from carol", Encoding.UTF8.GetString(await fromCarol.DecryptAsync(Convert.FromHexString(vectors["session.carol.message.2"]))));
        Assert.Equal("pay 10 EUR", Encoding.UTF8.GetString(await fromCarol.DecryptAsync(Convert.FromHexString(vectors["session.carol.message.1"]))));
        await Assert.ThrowsAsync<DuplicateMessageException>(async () => await fromCarol.DecryptAsync(Convert.FromHexString(vectors["session.carol.message.1"])));

        // Stored records: format 1 is still read; the pending and skipped-key records parse and re-serialise byte for byte.
        Assert.Equal(vectors["session.record.bob"], Convert.ToHexStringLower(SessionRecord.Deserialize(Convert.FromHexString(vectors["session.record.bob.format1"])).Serialize()));
        foreach (var key in new[] { "session.record.carol.pending", "session.record.bob.carol.skipped" })
        {
            Assert.Equal(vectors[key], Convert.ToHexStringLower(SessionRecord.Deserialize(Convert.FromHexString(vectors[key])).Serialize()));
        }
    }

    private static string VectorPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "protocol-v2.json");

    private static CryptoProvider Deterministic(CryptoProviderKind kind, string party) =>
        CryptoProvider.Create(kind, new DeterministicRandom("chatalot-v2-vectors/" + party));

    private static (InMemoryProtocolStore Store, PreKeyBundle Bundle) CreateBob(CryptoProviderKind kind)
    {
        var (store, bundle, _) = CreateBobWithLastResort(kind);
        return (store, bundle);
    }

    /// <summary>Bob as in the original vectors, plus (from the "bob-last-resort" stream) last-resort KEM prekey 22.</summary>
    private static (InMemoryProtocolStore Store, PreKeyBundle Bundle, PreKeyBundle LastResortBundle) CreateBobWithLastResort(CryptoProviderKind kind)
    {
        var provider = Deterministic(kind, "bob");
        var identity = IdentityKeyPair.Generate(provider);
        var address = new ProtocolAddress("bob", 1);
        var store = new InMemoryProtocolStore(identity, address);
        var signed = SignedPreKeyRecord.Generate(identity, 1, Epoch, provider);
        var oneTime = PreKeyRecord.Generate(7, provider);
        var kem = KemPreKeyRecord.Generate(identity, 21, isLastResort: false, Epoch, provider);
        store.StoreSignedPreKeyAsync(signed).AsTask().GetAwaiter().GetResult();
        store.StorePreKeyAsync(oneTime).AsTask().GetAwaiter().GetResult();
        store.StoreKemPreKeyAsync(kem).AsTask().GetAwaiter().GetResult();
        var lastResort = KemPreKeyRecord.Generate(identity, 22, isLastResort: true, Epoch, Deterministic(kind, "bob-last-resort"));
        store.StoreKemPreKeyAsync(lastResort).AsTask().GetAwaiter().GetResult();
        return (store, PreKeyBundle.FromRecords(address, identity.PublicKey, signed, kem, oneTime), PreKeyBundle.FromRecords(address, identity.PublicKey, signed, lastResort));
    }

    private static async Task<SortedDictionary<string, string>> GenerateAsync(CryptoProviderKind kind)
    {
        var v = new SortedDictionary<string, string>(StringComparer.Ordinal);
        static string H(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

        var aliceProvider = Deterministic(kind, "alice");
        var aliceIdentity = IdentityKeyPair.Generate(aliceProvider);
        var alice = new InMemoryProtocolStore(aliceIdentity, new ProtocolAddress("alice", 1));
        var (bob, bundle) = CreateBob(kind);
        var bobProvider = Deterministic(kind, "bob-session");
        var bobIdentity = await bob.GetIdentityKeyPairAsync();

        v["identity.alice.public"] = H(aliceIdentity.PublicKey.Span);
        v["identity.bob.public"] = H(bobIdentity.PublicKey.Span);
        v["prekey.bob.signed.public"] = H(bundle.SignedPreKey.Span);
        v["prekey.bob.signed.signature"] = H(bundle.SignedPreKeySignature.Span);
        v["prekey.bob.one_time.public"] = H(bundle.OneTimePreKey!.Value.Span);
        v["prekey.bob.kem.public"] = H(bundle.KemPreKey.Span);
        v["prekey.bob.kem.signature"] = H(bundle.KemPreKeySignature.Span);

        await new SessionBuilder(alice, bundle.Address, aliceProvider).ProcessPreKeyBundleAsync(bundle);
        var aliceCipher = new SessionCipher(alice, bundle.Address, aliceProvider);
        var bobCipher = new SessionCipher(bob, new ProtocolAddress("alice", 1), bobProvider);
        var m1 = await aliceCipher.EncryptAsync("hello bob"u8.ToArray());
        var m2 = await aliceCipher.EncryptAsync("second from alice"u8.ToArray());
        v["session.message.1.alice"] = H(m1);
        v["session.message.2.alice"] = H(m2);
        await bobCipher.DecryptAsync(m1);
        await bobCipher.DecryptAsync(m2);
        var r1 = await bobCipher.EncryptAsync("hello alice"u8.ToArray());
        v["session.message.3.bob"] = H(r1);
        await aliceCipher.DecryptAsync(r1);
        var m3 = await aliceCipher.EncryptAsync("after one DH step"u8.ToArray());
        v["session.message.4.alice"] = H(m3);
        await bobCipher.DecryptAsync(m3);
        v["session.record.bob"] = H((await bob.LoadSessionAsync(new ProtocolAddress("alice", 1)))!.Serialize());

        var name = new SenderKeyName("channel-1", new ProtocolAddress("alice", 1));
        var distribution = await new GroupSessionBuilder(alice, aliceProvider).CreateDistributionMessageAsync(name);
        v["sender_key.distribution"] = H(distribution.Serialize());
        var group = new GroupCipher(alice, name, aliceProvider);
        v["sender_key.message.0"] = H(await group.EncryptAsync("hello group"u8.ToArray()));
        v["sender_key.message.1"] = H(await group.EncryptAsync("second group message"u8.ToArray()));

        var plaintext = new byte[5000];
        Deterministic(kind, "attachment-plaintext").Primitives.FillRandom(plaintext);
        using var ciphertext = new MemoryStream();
        var secrets = await new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 4096 }, Deterministic(kind, "attachment"))
            .EncryptAsync(new MemoryStream(plaintext), ciphertext);
        v["attachment.plaintext"] = H(plaintext);
        v["attachment.ciphertext"] = H(ciphertext.ToArray());
        v["attachment.secrets"] = H(secrets.Serialize());

        var safety = SafetyNumber.Create("alice", aliceIdentity.PublicKey, "bob", bobIdentity.PublicKey, aliceProvider);
        v["safety_number.digits"] = safety.Digits;
        v["safety_number.scannable.alice"] = H(safety.ToScannableBytes());
        v["random.label"] = "chatalot-v2-vectors/<party>";

        AddScenarioParameters(v);
        AddFirstMessageIntermediates(v, CreateBob(kind).Store, bundle, bobIdentity, Convert.FromHexString(v["session.message.1.alice"]), Providers.Get(kind).Primitives);
        var bobRecord = Convert.FromHexString(v["session.record.bob"]);
        v["session.record.bob.format1"] = "01" + H(bobRecord.AsSpan(1)); // no skipped keys: format 1 differs only in its version byte
        await AddLastResortScenarioAsync(v, kind);
        await AddAttachmentAsync(v, kind, "attachment.empty", "attachment-empty", new byte[0]);
        var multiple = new byte[2 * 4096];
        Deterministic(kind, "attachment-multiple-plaintext").Primitives.FillRandom(multiple);
        await AddAttachmentAsync(v, kind, "attachment.multiple", "attachment-multiple", multiple);
        return v;
    }

    /// <summary>Everything an implementer needs besides the random streams: addresses, prekey ids and kinds, plaintexts, chunk size, clock.</summary>
    private static void AddScenarioParameters(SortedDictionary<string, string> v)
    {
        v["scenario.address.alice"] = "alice/1";
        v["scenario.address.bob"] = "bob/1";
        v["scenario.address.carol"] = "carol/1";
        v["scenario.bob.signed_prekey_id"] = "1";
        v["scenario.bob.signed_prekey_created_unix_ms"] = Epoch.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        v["scenario.bob.one_time_prekey_id"] = "7";
        v["scenario.bob.kem_prekey_id"] = "21";
        v["scenario.bob.kem_prekey_kind"] = "one-time (0x01)";
        v["scenario.bob.last_resort_kem_prekey_id"] = "22";
        v["scenario.bob.last_resort_kem_prekey_kind"] = "last resort (0x02)";
        v["scenario.carol.bundle"] = "bob's bundle without a one-time prekey and with KEM prekey 22";
        v["scenario.clock_unix_ms"] = Epoch.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        v["scenario.sender_key.channel"] = "channel-1";
        v["scenario.attachment.chunk_size"] = "4096";
        v["scenario.plaintext.session.message.1.alice"] = "hello bob";
        v["scenario.plaintext.session.message.2.alice"] = "second from alice";
        v["scenario.plaintext.session.message.3.bob"] = "hello alice";
        v["scenario.plaintext.session.message.4.alice"] = "after one DH step";
        v["scenario.plaintext.session.carol.message.1"] = "pay 10 EUR";
        v["scenario.plaintext.session.carol.message.2"] = "second from carol";
        v["scenario.plaintext.sender_key.message.0"] = "hello group";
        v["scenario.plaintext.sender_key.message.1"] = "second group message";
    }

    /// <summary>
    /// The intermediate values of §5–§6 for Alice's first message, recomputed here from Bob's private keys exactly as the
    /// spec states them (not through the session code), and checked by opening the message with the derived key.
    /// </summary>
    private static void AddFirstMessageIntermediates(SortedDictionary<string, string> v, InMemoryProtocolStore bob, PreKeyBundle bundle, IdentityKeyPair bobIdentity,
        byte[] message, Chatalot.Crypto.Primitives.Internal.CryptoPrimitives primitives)
    {
        static string H(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
        var signed = bob.LoadSignedPreKeyAsync(1).AsTask().GetAwaiter().GetResult()!;
        var oneTime = bob.LoadPreKeyAsync(7).AsTask().GetAwaiter().GetResult()!;
        var kem = bob.LoadKemPreKeyAsync(21).AsTask().GetAwaiter().GetResult()!;
        var identityA = message.AsSpan(2, 32);
        var baseKey = message.AsSpan(34, 32);
        var ciphertext = message.AsSpan(79, 1088);
        var inner = message.AsSpan(PreKeyMessage.PrefixSize);

        var montA = new byte[32];
        Assert.True(primitives.Ed25519PublicToX25519(identityA, montA));
        var ikB = new byte[32];
        bobIdentity.DeriveX25519PrivateKey(ikB, primitives);
        var dh = new byte[4][];
        for (var i = 0; i < 4; i++)
        {
            dh[i] = new byte[32];
        }

        Assert.True(primitives.X25519Agree(signed.PrivateKey, montA, dh[0]));
        Assert.True(primitives.X25519Agree(ikB, baseKey, dh[1]));
        Assert.True(primitives.X25519Agree(signed.PrivateKey, baseKey, dh[2]));
        Assert.True(primitives.X25519Agree(oneTime.PrivateKey, baseKey, dh[3]));
        var ss = new byte[32];
        primitives.MlKem768Decapsulate(kem.Seed, ciphertext, ss);
        var ikm = new byte[32 + (4 * 32) + 32];
        ikm.AsSpan(0, 32).Fill(0xFF);
        for (var i = 0; i < 4; i++)
        {
            dh[i].CopyTo(ikm, 32 + (32 * i));
        }

        ss.CopyTo(ikm, 160);
        var sk = new byte[32];
        primitives.Hkdf(ikm, new byte[32], ProtocolConstants.PqxdhInfo, sk);

        // Bob's first decrypt: DH ratchet with Alice's ratchet key (header bytes [2..34)), then KDF_CK and the message keys.
        var ratchetDh = new byte[32];
        Assert.True(primitives.X25519Agree(signed.PrivateKey, inner.Slice(2, 32), ratchetDh));
        var rootKey = new byte[32];
        var chainKey = new byte[32];
        RatchetKdf.RootKey(primitives, sk, ratchetDh, rootKey, chainKey);
        var seed = new byte[32];
        var nextChainKey = new byte[32];
        RatchetKdf.ChainKey(primitives, chainKey, seed, nextChainKey);
        var keys = new byte[44];
        RatchetKdf.MessageKeys(primitives, seed, ProtocolConstants.MessageKeysInfo, keys);
        var ad = Chatalot.Crypto.Sessions.Internal.Pqxdh.BuildAssociatedData(IdentityKey.FromBytes(identityA), bundle.IdentityKey, baseKey,
            new ProtocolAddress("alice", 1), new ProtocolAddress("bob", 1));
        var plaintext = new byte[inner.Length - RatchetMessage.HeaderSize - 16];
        Assert.True(primitives.AeadDecrypt(keys.AsSpan(0, 32), keys.AsSpan(32), inner[RatchetMessage.HeaderSize..], [.. ad, .. inner[..RatchetMessage.HeaderSize]], plaintext));
        Assert.Equal("hello bob", Encoding.UTF8.GetString(plaintext));

        v["intermediate.message.1.mont_ik_alice"] = H(montA);
        v["intermediate.message.1.dh1"] = H(dh[0]);
        v["intermediate.message.1.dh2"] = H(dh[1]);
        v["intermediate.message.1.dh3"] = H(dh[2]);
        v["intermediate.message.1.dh4"] = H(dh[3]);
        v["intermediate.message.1.kem_shared_secret"] = H(ss);
        v["intermediate.message.1.sk"] = H(sk);
        v["intermediate.message.1.associated_data"] = H(ad);
        v["intermediate.message.1.bob_ratchet_dh"] = H(ratchetDh);
        v["intermediate.message.1.root_key"] = H(rootKey);
        v["intermediate.message.1.receiving_chain_key"] = H(chainKey);
        v["intermediate.message.1.next_chain_key"] = H(nextChainKey);
        v["intermediate.message.1.message_key_seed"] = H(seed);
        v["intermediate.message.1.aead_key"] = H(keys.AsSpan(0, 32));
        v["intermediate.message.1.aead_nonce"] = H(keys.AsSpan(32));
    }

    /// <summary>
    /// Carol starts a session from Bob's bundle without a one-time prekey, on the last-resort KEM key; her record is
    /// pending (two prekey messages, no reply). Bob reads her second message first, so his record holds a skipped key.
    /// </summary>
    private static async Task AddLastResortScenarioAsync(SortedDictionary<string, string> v, CryptoProviderKind kind)
    {
        static string H(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
        var clock = new FakeTimeProvider(Epoch);
        var carolProvider = Deterministic(kind, "carol");
        var carolIdentity = IdentityKeyPair.Generate(carolProvider);
        var carolAddress = new ProtocolAddress("carol", 1);
        var carol = new InMemoryProtocolStore(carolIdentity, carolAddress);
        var (bob, _, lastResort) = CreateBobWithLastResort(kind);
        await new SessionBuilder(carol, lastResort.Address, carolProvider).ProcessPreKeyBundleAsync(lastResort);
        var carolCipher = new SessionCipher(carol, lastResort.Address, carolProvider, timeProvider: clock);
        var m1 = await carolCipher.EncryptAsync("pay 10 EUR"u8.ToArray());
        var m2 = await carolCipher.EncryptAsync("second from carol"u8.ToArray());
        v["identity.carol.public"] = H(carolIdentity.PublicKey.Span);
        v["prekey.bob.last_resort_kem.public"] = H(lastResort.KemPreKey.Span);
        v["prekey.bob.last_resort_kem.signature"] = H(lastResort.KemPreKeySignature.Span);
        v["session.carol.message.1"] = H(m1);
        v["session.carol.message.2"] = H(m2);
        v["session.record.carol.pending"] = H((await carol.LoadSessionAsync(lastResort.Address))!.Serialize());

        var bobCipher = new SessionCipher(bob, carolAddress, Deterministic(kind, "bob-carol-session"), timeProvider: clock);
        Assert.Equal("second from carol", Encoding.UTF8.GetString(await bobCipher.DecryptAsync(m2)));
        v["session.record.bob.carol.skipped"] = H((await bob.LoadSessionAsync(carolAddress))!.Serialize());
    }

    private static async Task AddAttachmentAsync(SortedDictionary<string, string> v, CryptoProviderKind kind, string prefix, string party, byte[] plaintext)
    {
        static string H(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
        using var ciphertext = new MemoryStream();
        var secrets = await new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 4096 }, Deterministic(kind, party))
            .EncryptAsync(new MemoryStream(plaintext), ciphertext);
        v[prefix + ".plaintext"] = H(plaintext);
        v[prefix + ".ciphertext"] = H(ciphertext.ToArray());
        v[prefix + ".secrets"] = H(secrets.Serialize());
    }
}
