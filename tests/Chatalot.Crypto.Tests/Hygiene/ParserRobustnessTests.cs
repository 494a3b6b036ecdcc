using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Hygiene;

/// <summary>Every parser of untrusted or stored bytes fails only with its own typed exception.</summary>
public class ParserRobustnessTests
{
    private static void OnlyTyped(Action parse)
    {
        try
        {
            parse();
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    private static readonly Func<byte[], Task>[] Parsers = CreateParsers();

    private static Func<byte[], Task>[] CreateParsers()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        alice.StartSessionAsync(bob).GetAwaiter().GetResult();
        var name = new SenderKeyName("c", alice.Address);
        new GroupSessionBuilder(bob.Store).ProcessAsync(name,
            new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name).AsTask().GetAwaiter().GetResult()).AsTask().GetAwaiter().GetResult();
        var pairwise = bob.CipherFor(alice);
        var group = new GroupCipher(bob.Store, name);
        var attachments = new AttachmentCipher(new AttachmentCipherOptions { ChunkSize = 4096 });
        var secrets = new AttachmentSecrets(new byte[32], new byte[32], 0);
        var recovery = RecoveryKey.Generate();
        var initiator = DeviceLinkInitiator.Create();
        var responder = DeviceLinkResponder.Create();
        var transcript = new DeviceLinkTranscript("u", Guid.CreateVersion7(), 2, alice.Identity.PublicKey.ToArray(), initiator.Commitment, responder.EphemeralKey,
            initiator.EphemeralKey, initiator.KemKey);
        return
        [
            b => Task.Run(() => DeviceListSigner.Verify(b, b.Length >= 64 ? b[^64..] : b, "u")),
            b => Task.Run(() => KeyBackupCipher.Open(recovery, "account", b)),
            b => Task.Run(() => initiator.OpenPayload(transcript, b)),
            b => Task.Run(() => RecoveryKey.Parse(System.Text.Encoding.Latin1.GetString(b))),
            b => Task.Run(() => SessionRecord.Deserialize(b)),
            b => Task.Run(() => SenderKeyRecord.Deserialize(b)),
            b => Task.Run(() => PreKeyRecord.Deserialize(b)),
            b => Task.Run(() => SignedPreKeyRecord.Deserialize(b)),
            b => Task.Run(() => KemPreKeyRecord.Deserialize(b)),
            b => Task.Run(() => IdentityKeyPair.Import(b)),
            b => Task.Run(() => AttachmentSecrets.Deserialize(b)),
            b => Task.Run(() => SenderKeyDistributionMessage.Parse(b)),
            async b => await pairwise.DecryptAsync(b),
            async b => await group.DecryptAsync(b),
            async b => await attachments.DecryptAsync(new MemoryStream(b), Stream.Null, secrets),
        ];
    }

    [Fact]
    public void RandomBytes_FailOnlyWithTypedExceptions()
    {
        Gen.Select(Gen.Int[0, Parsers.Length - 1], Gen.Byte.Array[0, 1400]).Sample(
            (index, bytes) => OnlyTyped(() => Parsers[index](bytes).GetAwaiter().GetResult()),
            iter: 2000,
            threads: 1);
    }

    [Fact]
    public async Task MutatedRecords_FailOnlyWithTypedExceptions()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var cipher = await alice.StartSessionAsync(bob);
        await bob.CipherFor(alice).DecryptAsync(await cipher.EncryptAsync(new byte[3]));
        var sessionBytes = (await bob.Store.LoadSessionAsync(alice.Address))!.Serialize();
        var kemBytes = bob.LastResortKem.Serialize();
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 100_000], Gen.Int[0, 2]).Sample(
            (which, position, mode) =>
            {
                var original = which == 0 ? sessionBytes : kemBytes;
                var mutated = mode switch
                {
                    0 => original[..(position % original.Length)],
                    1 => Flip(original, position),
                    _ => [.. original, (byte)position],
                };
                OnlyTyped(() => _ = which == 0 ? SessionRecord.Deserialize(mutated).Serialize() : KemPreKeyRecord.Deserialize(mutated).Serialize());
            },
            iter: 1000,
            threads: 1);
    }

    private static byte[] Flip(byte[] original, int position)
    {
        var copy = (byte[])original.Clone();
        copy[position % copy.Length] ^= (byte)(1 << (position % 8));
        return copy;
    }
}
