using Chatalot.Crypto;

namespace Chatalot.Fuzz.Seeds;

/// <summary>
/// A real conversation between two devices (PQXDH, a reply, a ratchet step, a sender-key chain and an attachment),
/// recorded with the library's own encoders so that the crypto seeds are valid inputs that reach every check.
/// </summary>
internal sealed class CryptoFixture
{
    public static readonly ProtocolAddress Alice = new("alice", 1);
    public static readonly ProtocolAddress Bob = new("bob", 1);
    public static readonly SenderKeyName Channel = new("channel", Alice);

    private CryptoFixture()
    {
    }

    public required IdentityKeyPair BobIdentity { get; init; }

    public required SignedPreKeyRecord SignedPreKey { get; init; }

    public required KemPreKeyRecord KemPreKey { get; init; }

    public required PreKeyRecord OneTimePreKey { get; init; }

    public required byte[] PreKeyMessage { get; init; }

    public required SessionRecord BobSession { get; init; }

    public required SessionRecord AliceSession { get; init; }

    public required byte[] RatchetMessage { get; init; }

    public required SenderKeyDistributionMessage Distribution { get; init; }

    public required byte[][] GroupMessages { get; init; }

    public required SenderKeyRecord SenderRecord { get; init; }

    public required SenderKeyRecord ReceiverRecord { get; init; }

    public required AttachmentSecrets AttachmentSecrets { get; init; }

    public required byte[] AttachmentCiphertext { get; init; }

    public static CryptoFixture Create()
    {
        var aliceIdentity = IdentityKeyPair.Generate();
        var bobIdentity = IdentityKeyPair.Generate();
        var signed = SignedPreKeyRecord.Generate(bobIdentity, 1, DateTimeOffset.UnixEpoch);
        var kem = KemPreKeyRecord.Generate(bobIdentity, 100, isLastResort: false, DateTimeOffset.UnixEpoch);
        var oneTime = PreKeyRecord.Generate(7);

        // Bob's store is rebuilt by the pairwise target from the serialised records, so keep them unconsumed here.
        var bobStore = new InMemoryProtocolStore(bobIdentity, Bob);
        Sync(bobStore.StoreSignedPreKeyAsync(SignedPreKeyRecord.Deserialize(signed.Serialize())));
        Sync(bobStore.StoreKemPreKeyAsync(KemPreKeyRecord.Deserialize(kem.Serialize())));
        Sync(bobStore.StorePreKeyAsync(PreKeyRecord.Deserialize(oneTime.Serialize())));
        var aliceStore = new InMemoryProtocolStore(aliceIdentity, Alice);
        Sync(new SessionBuilder(aliceStore, Bob).ProcessPreKeyBundleAsync(PreKeyBundle.FromRecords(Bob, bobIdentity.PublicKey, signed, kem, oneTime)));

        using var aliceCipher = new SessionCipher(aliceStore, Bob);
        using var bobCipher = new SessionCipher(bobStore, Alice);
        var first = Sync(aliceCipher.EncryptAsync("hello bob"u8.ToArray()));
        _ = Sync(bobCipher.DecryptAsync(first));
        _ = Sync(aliceCipher.DecryptAsync(Sync(bobCipher.EncryptAsync("hello alice"u8.ToArray()))));
        var bobSession = Sync(bobStore.LoadSessionAsync(Alice))!;
        var aliceSession = Sync(aliceStore.LoadSessionAsync(Bob))!;
        var ratchet = Sync(aliceCipher.EncryptAsync("after the ratchet step"u8.ToArray()));

        var distribution = Sync(new GroupSessionBuilder(aliceStore).CreateDistributionMessageAsync(Channel));
        using var groupCipher = new GroupCipher(aliceStore, Channel);
        byte[][] groupMessages = [Sync(groupCipher.EncryptAsync("hello channel"u8.ToArray())), Sync(groupCipher.EncryptAsync("again"u8.ToArray()))];
        _ = Sync(new GroupSessionBuilder(bobStore).ProcessAsync(Channel, SenderKeyDistributionMessage.Parse(distribution.Serialize())));

        var attachment = new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = AttachmentCipherOptions.MinChunkSize });
        using var plaintext = new MemoryStream(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        using var ciphertext = new MemoryStream();
        var secrets = Sync(attachment.EncryptAsync(plaintext, ciphertext));

        return new CryptoFixture
        {
            BobIdentity = bobIdentity,
            SignedPreKey = signed,
            KemPreKey = kem,
            OneTimePreKey = oneTime,
            PreKeyMessage = first,
            BobSession = bobSession,
            AliceSession = aliceSession,
            RatchetMessage = ratchet,
            Distribution = distribution,
            GroupMessages = groupMessages,
            SenderRecord = Sync(aliceStore.LoadSenderKeyAsync(Channel))!,
            ReceiverRecord = Sync(bobStore.LoadSenderKeyAsync(Channel))!,
            AttachmentSecrets = secrets,
            AttachmentCiphertext = ciphertext.ToArray(),
        };
    }

    private static T Sync<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static void Sync(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
