using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatalot.Crypto.Tests.Support;
using Chatalot.Protocol.Keys;

namespace Chatalot.Crypto.Tests.Vectors;

/// <summary>
/// Checked-in account vectors (Vectors/accounts-v1.json, crypto.md §10 and §15): an account key and a signed list of
/// two devices, a device link run, and a recovery key with its backup keys and one sealed entry. Every random byte comes
/// from a deterministic per-party stream (crypto.md §10); the intermediate values (<c>ss_dh</c>, <c>ss_kem</c>, <c>K</c>,
/// backup and entry keys) are recomputed here with the base library straight from §15, not through the code under test.
/// Generated on both providers; CHATALOT_UPDATE_VECTORS=1 rewrites the file.
/// </summary>
public class AccountVectorTests
{
    private const string Prefix = "chatalot-v2-vectors/";
    private const string UserId = "0193a5c0-0000-7000-8000-0000000a11ce";
    private const string ContactId = "0193a5c0-0000-7000-8000-000000000b0b";
    private const string EntryName = "account";
    private const ulong ListVersion = 2;
    private static readonly Guid LinkId = Guid.Parse("0193a5c0-0003-7000-8000-00000000001c");
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01

    [Fact]
    public void Vectors_AreIdenticalOnBothProviders_AndMatchTheCheckedInFile()
    {
        var sodium = Generate(CryptoProviderKind.Sodium);
        Assert.Equal(sodium, Generate(CryptoProviderKind.Managed));

        var path = VectorPath();
        if (Environment.GetEnvironmentVariable("CHATALOT_UPDATE_VECTORS") == "1")
        {
            File.WriteAllText(path, JsonSerializer.Serialize(sodium, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var checkedIn = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path))!;
        Assert.Equal(checkedIn.Keys, sodium.Keys);
        foreach (var (key, value) in checkedIn)
        {
            Assert.True(value == sodium[key], $"Vector '{key}' changed.");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void CheckedInVectors_VerifyAndOpen(CryptoProviderKind kind)
    {
        var provider = Providers.Get(kind);
        var v = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(VectorPath()))!;
        byte[] H(string key) => Convert.FromHexString(v[key]);

        // The signed list verifies, names both devices, and fails under another user id.
        var document = DeviceListSigner.Verify(H("device_list.list"), H("device_list.signature"), v["scenario.user_id"], provider);
        Assert.Equal(H("account.public"), document.AccountKey);
        Assert.Equal(H("device.2.identity_public"), document.Find(2)!.IdentityKey);
        Assert.Throws<InvalidMessageException>(() => DeviceListSigner.Verify(H("device_list.list"), H("device_list.signature"), ContactId, provider));

        // The transcript from the relayed values gives the code, and the new device (regenerated) opens the payload.
        var transcript = new DeviceLinkTranscript(v["scenario.user_id"], Guid.Parse(v["scenario.link_id"]), 2, H("device.2.identity_public"), H("link.commitment"),
            H("link.existing.ephemeral_public"), H("link.new.ephemeral_public"), H("link.new.kem_public"));
        Assert.Equal(v["link.code"], transcript.Code);
        Assert.Equal(H("link.transcript_hash"), transcript.Hash.ToArray());
        using var initiator = DeviceLinkInitiator.Create(CryptoProvider.Create(kind, new DeterministicRandom(Prefix + "link-new")));
        Assert.Equal(H("link.payload"), initiator.OpenPayload(transcript, H("link.sealed")));

        // K as stated in §15.4 opens the AEAD part directly.
        var sealedPart = H("link.sealed")[1088..];
        var opened = new byte[sealedPart.Length - 16];
        Assert.True(provider.Primitives.AeadDecrypt(H("link.key"), new byte[12], sealedPart, H("link.transcript_hash"), opened));
        Assert.Equal(H("link.payload"), opened);

        // The payload carries the AK seed of the listed account key.
        using var restoredAk = IdentityKeyPair.Import([1, .. H("link.payload").AsSpan(1, 32), .. H("account.public")], provider);

        // The recovery key parses from its display, names the backup by its key id and opens the entry.
        using var recovery = RecoveryKey.Parse(v["recovery.display"]);
        Assert.Equal(H("backup.key_id"), recovery.KeyId);
        Assert.Equal(H("backup.entry.plaintext"), KeyBackupCipher.Open(recovery, v["scenario.backup_entry_name"], H("backup.entry.sealed"), provider));
        var entry = H("backup.entry.sealed");
        var plaintext = new byte[entry.Length - 29];
        Assert.True(provider.Primitives.AeadDecrypt(H("backup.entry.key"), entry.AsSpan(1, 12), entry.AsSpan(13), Encoding.UTF8.GetBytes(EntryName), plaintext));
        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(recovery, "verifications", entry, provider));
    }

    private static SortedDictionary<string, string> Generate(CryptoProviderKind kind)
    {
        CryptoProvider Party(string party) => CryptoProvider.Create(kind, new DeterministicRandom(Prefix + party));
        static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
        static byte[] Stream(string party, int skip, int count)
        {
            var bytes = new byte[skip + count];
            new DeterministicRandom(Prefix + party).Fill(bytes);
            return bytes[skip..];
        }

        var v = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["scenario.user_id"] = UserId,
            ["scenario.contact_user_id"] = ContactId,
            ["scenario.link_id"] = LinkId.ToString(),
            ["scenario.new_device_id"] = "2",
            ["scenario.list_version"] = ListVersion.ToString(CultureInfo.InvariantCulture),
            ["scenario.list_created_ms"] = Created.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["scenario.backup_entry_name"] = EntryName,
        };

        // Account key, two devices (device 2 is the one being linked), a contact's account key for the payload.
        using var ak = IdentityKeyPair.Generate(Party("account"));
        using var device1 = IdentityKeyPair.Generate(Party("account-device-1"));
        using var device2 = IdentityKeyPair.Generate(Party("account-device-2"));
        using var contact = IdentityKeyPair.Generate(Party("account-contact"));
        v["account.seed"] = Hex(ak.ExportPrivateKey().AsSpan(1, 32));
        v["account.public"] = Hex(ak.PublicKey.Span);
        v["device.1.identity_public"] = Hex(device1.PublicKey.Span);
        v["device.2.identity_public"] = Hex(device2.PublicKey.Span);
        v["contact.account_public"] = Hex(contact.PublicKey.Span);

        var document = new DeviceListDocument(UserId, ak.PublicKey.ToArray(), ListVersion, Created,
            [new DeviceListEntry(1, device1.PublicKey.ToArray()), new DeviceListEntry(2, device2.PublicKey.ToArray())]);
        var (list, signature) = DeviceListSigner.Sign(ak, document, Party("account"));
        v["device_list.list"] = Hex(list);
        v["device_list.signature"] = Hex(signature);

        // Link: N draws x_N then the ML-KEM seed; E draws x_E then the encapsulation message m.
        using var n = DeviceLinkInitiator.Create(Party("link-new"));
        using var e = DeviceLinkResponder.Create(Party("link-existing"));
        var xN = Stream("link-new", 0, 32);
        var kemSeed = Stream("link-new", 32, 64);
        var xE = Stream("link-existing", 0, 32);
        v["link.new.ephemeral_private"] = Hex(xN);
        v["link.new.ephemeral_public"] = Hex(n.EphemeralKey);
        v["link.new.kem_seed"] = Hex(kemSeed);
        v["link.new.kem_public"] = Hex(n.KemKey);
        v["link.commitment"] = Hex(n.Commitment);
        v["link.existing.ephemeral_private"] = Hex(xE);
        v["link.existing.ephemeral_public"] = Hex(e.EphemeralKey);
        v["link.kem_encapsulation_m"] = Hex(Stream("link-existing", 32, 32));
        Assert.Equal(SHA256.HashData([.. "Chatalot_LinkCommit_v1"u8, .. n.EphemeralKey, .. n.KemKey]), n.Commitment);

        var transcript = new DeviceLinkTranscript(UserId, LinkId, 2, device2.PublicKey.Span, n.Commitment, e.EphemeralKey, n.EphemeralKey, n.KemKey);
        var expectedHash = SHA256.HashData([.. "Chatalot_LinkTranscript_v1"u8, (byte)UserId.Length, .. Encoding.UTF8.GetBytes(UserId), .. LinkId.ToByteArray(bigEndian: true),
            0, 0, 0, 2, .. device2.PublicKey.Span, .. n.Commitment, .. e.EphemeralKey, .. n.EphemeralKey, .. n.KemKey]);
        Assert.Equal(expectedHash, transcript.Hash.ToArray());
        var codeHash = SHA256.HashData([.. "Chatalot_LinkCode_v1"u8, .. expectedHash]);
        Assert.Equal((BinaryPrimitives.ReadUInt64BigEndian(codeHash) % 100_000_000).ToString("D8", CultureInfo.InvariantCulture), transcript.Code);
        v["link.transcript_hash"] = Hex(transcript.Hash.Span);
        v["link.code"] = transcript.Code;

        // payload = 0x01 ‖ AK seed ‖ verified count (u16) ‖ (len ‖ user id ‖ AK of that user) × count
        byte[] payload = [0x01, .. ak.ExportPrivateKey().AsSpan(1, 32), 0x00, 0x01, (byte)ContactId.Length, .. Encoding.UTF8.GetBytes(ContactId), .. contact.PublicKey.Span];
        var sealedPayload = e.SealPayload(transcript, payload);
        v["link.payload"] = Hex(payload);
        v["link.sealed"] = Hex(sealedPayload);
        v["link.kem_ciphertext"] = Hex(sealedPayload.AsSpan(0, 1088));

        // ss_dh, ss_kem and K, recomputed from the private keys as §15.4 states them.
        var primitives = Providers.Get(kind).Primitives;
        var dh = new byte[32];
        Assert.True(primitives.X25519Agree(xN, e.EphemeralKey, dh));
        var dhOther = new byte[32];
        Assert.True(primitives.X25519Agree(xE, n.EphemeralKey, dhOther));
        Assert.Equal(dh, dhOther);
        var kem = new byte[32];
        primitives.MlKem768Decapsulate(kemSeed, sealedPayload.AsSpan(0, 1088), kem);
        var linkKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, [.. dh, .. kem], 32, transcript.Hash.ToArray(), "Chatalot_Link_v1"u8.ToArray());
        v["link.dh_secret"] = Hex(dh);
        v["link.kem_secret"] = Hex(kem);
        v["link.key"] = Hex(linkKey);
        var expectedSealed = new byte[payload.Length + 16];
        primitives.AeadEncrypt(linkKey, new byte[12], payload, transcript.Hash.Span, expectedSealed);
        Assert.Equal(expectedSealed, sealedPayload[1088..]);

        // Recovery key (RK, then the entry nonce, from the stream "recovery"), backup key, key id, entry key, sealed entry.
        var recoveryProvider = Party("recovery");
        using var recovery = RecoveryKey.Generate(recoveryProvider);
        var rk = Stream("recovery", 0, 32);
        Assert.Equal(rk, recovery.KeyBytes.ToArray());
        byte[] encoded = [0x43, 0x01, .. rk, 0];
        encoded[34] = encoded[..34].Aggregate((byte)0, (a, b) => (byte)(a ^ b));
        v["recovery.key"] = Hex(rk);
        v["recovery.bytes"] = Hex(encoded);
        v["recovery.display"] = recovery.Display();
        var backupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, rk, 32, [], "Chatalot_Backup_v1"u8.ToArray());
        var keyId = HKDF.DeriveKey(HashAlgorithmName.SHA256, rk, 16, [], "Chatalot_BackupKeyId_v1"u8.ToArray());
        var entryKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, backupKey, 32, [], [.. "Chatalot_BackupEntry_v1"u8, .. Encoding.UTF8.GetBytes(EntryName)]);
        Assert.Equal(keyId, recovery.KeyId);
        Assert.Equal(backupKey, recovery.BackupKey.ToArray());
        v["backup.key"] = Hex(backupKey);
        v["backup.key_id"] = Hex(keyId);
        v["backup.entry.key"] = Hex(entryKey);
        var sealedEntry = KeyBackupCipher.Seal(recovery, EntryName, payload, recoveryProvider);
        v["backup.entry.nonce"] = Hex(Stream("recovery", 32, 12));
        v["backup.entry.plaintext"] = Hex(payload);
        v["backup.entry.sealed"] = Hex(sealedEntry);
        var expectedEntry = new byte[payload.Length + 16];
        primitives.AeadEncrypt(entryKey, Stream("recovery", 32, 12), payload, Encoding.UTF8.GetBytes(EntryName), expectedEntry);
        Assert.Equal([0x01, .. Stream("recovery", 32, 12), .. expectedEntry], sealedEntry);
        return v;
    }

    private static string VectorPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "accounts-v1.json");
}
