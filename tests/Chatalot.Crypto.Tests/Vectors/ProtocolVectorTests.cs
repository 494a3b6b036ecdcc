using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Chatalot.Crypto.Tests.Support;

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
    }

    private static string VectorPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "protocol-v2.json");

    private static CryptoProvider Deterministic(CryptoProviderKind kind, string party) =>
        CryptoProvider.Create(kind, new DeterministicRandom("chatalot-v2-vectors/" + party));

    private static (InMemoryProtocolStore Store, PreKeyBundle Bundle) CreateBob(CryptoProviderKind kind)
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
        return (store, PreKeyBundle.FromRecords(address, identity.PublicKey, signed, kem, oneTime));
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
        return v;
    }
}
