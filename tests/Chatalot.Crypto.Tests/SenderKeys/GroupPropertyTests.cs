using System.Text;
using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.SenderKeys;

/// <summary>Random delivery orders, duplicates, forgeries and rotations of group messages, across providers.</summary>
public class GroupPropertyTests
{
    [Fact]
    public void RandomGroupDelivery_EachMessageOnce_ForgeriesFailWithoutChange()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 40], Gen.Int[0, 10_000].Array[60]).Sample(
            (pair, count, choices) =>
            {
                var senderProvider = pair < 2 ? Providers.Sodium : Providers.Managed;
                var receiverProvider = pair % 2 == 0 ? Providers.Sodium : Providers.Managed;
                var sender = new InMemoryProtocolStore(IdentityKeyPair.Generate(senderProvider), new ProtocolAddress("alice", 1));
                var receiver = new InMemoryProtocolStore(IdentityKeyPair.Generate(receiverProvider), new ProtocolAddress("bob", 1));
                var name = new SenderKeyName("c", new ProtocolAddress("alice", 1));
                var distribution = new GroupSessionBuilder(sender, senderProvider).CreateDistributionMessageAsync(name).AsTask().GetAwaiter().GetResult();
                new GroupSessionBuilder(receiver, receiverProvider).ProcessAsync(name, SenderKeyDistributionMessage.Parse(distribution.Serialize())).AsTask().GetAwaiter().GetResult();
                var send = new GroupCipher(sender, name, senderProvider);
                var receive = new GroupCipher(receiver, name, receiverProvider);

                // Up to 3 rotations interleaved with sending; the receiver installs every new chain, so messages of
                // older chains still in flight must keep decrypting.
                var pending = new List<(byte[] Bytes, string Text)>();
                var rotations = 0;
                for (var i = 0; i < count; i++)
                {
                    if (choices[i % choices.Length] % 7 == 0 && rotations++ < 3)
                    {
                        var rotated = new GroupSessionBuilder(sender, senderProvider).RotateAsync(name).AsTask().GetAwaiter().GetResult();
                        new GroupSessionBuilder(receiver, receiverProvider).ProcessAsync(name, SenderKeyDistributionMessage.Parse(rotated.Serialize())).AsTask().GetAwaiter().GetResult();
                    }

                    pending.Add((send.EncryptAsync(Encoding.UTF8.GetBytes($"g{i}")).AsTask().GetAwaiter().GetResult(), $"g{i}"));
                }

                var delivered = new List<byte[]>();
                var step = 0;
                while (pending.Count > 0)
                {
                    var choice = choices[step++ % choices.Length] + step;
                    var index = choice % pending.Count;
                    var snapshot = Convert.ToHexString(receiver.LoadSenderKeyAsync(name).AsTask().GetAwaiter().GetResult()!.Serialize());
                    var forged = (byte[])pending[index].Bytes.Clone();
                    forged[choice % forged.Length] ^= (byte)(1 << (choice % 8));
                    Assert.ThrowsAny<ChatalotCryptoException>(() => receive.DecryptAsync(forged).AsTask().GetAwaiter().GetResult());
                    if (delivered.Count > 0)
                    {
                        Assert.ThrowsAny<ChatalotCryptoException>(() => receive.DecryptAsync(delivered[choice % delivered.Count]).AsTask().GetAwaiter().GetResult());
                    }

                    Assert.Equal(snapshot, Convert.ToHexString(receiver.LoadSenderKeyAsync(name).AsTask().GetAwaiter().GetResult()!.Serialize()));
                    Assert.Equal(pending[index].Text, Encoding.UTF8.GetString(receive.DecryptAsync(pending[index].Bytes).AsTask().GetAwaiter().GetResult()));
                    delivered.Add(pending[index].Bytes);
                    pending.RemoveAt(index);
                }
            },
            iter: 40,
            threads: 1);
    }
}
