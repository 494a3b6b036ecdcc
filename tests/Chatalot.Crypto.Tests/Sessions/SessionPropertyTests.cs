using System.Text;
using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Sessions;

/// <summary>
/// Random conversations between two devices over a hostile network: out-of-order delivery, drops, duplicates,
/// bit flips and truncation in both directions with many DH ratchet steps, plus persistence round-trips at random
/// points. Properties: every genuine message decrypts exactly once to what was sent, every forgery or replay fails
/// with a typed error, and a failure never changes the stored session.
/// </summary>
public class SessionPropertyTests
{
    private sealed class Party(Device device, Device peer)
    {
        public Device Device { get; } = device;

        public SessionCipher Cipher { get; } = device.CipherFor(peer);

        public ProtocolAddress PeerAddress { get; } = peer.Address;

        /// <summary>Messages addressed to this party, not yet delivered genuinely.</summary>
        public List<(byte[] Bytes, string Text)> Inbox { get; } = [];

        /// <summary>Messages already delivered once (candidates for replay).</summary>
        public List<byte[]> Delivered { get; } = [];

        public bool CanSend { get; set; }

        public string Snapshot()
        {
            var record = Device.Store.LoadSessionAsync(PeerAddress).AsTask().GetAwaiter().GetResult();
            return (record is null ? "none" : Convert.ToHexString(record.Serialize())) + $"|{Device.Store.PreKeyCount}|{Device.Store.KemPreKeyCount}";
        }
    }

    private static readonly Gen<(int Kind, int A, int B)> Operation = Gen.Select(Gen.Int[0, 10], Gen.Int[0, 10_000], Gen.Int[0, 10_000]);

    [Fact]
    public void RandomConversations_OverHostileNetwork_KeepAllInvariants()
    {
        Gen.Select(Gen.Int[0, 3], Operation.Array[5, 70]).Sample(
            (pair, operations) => Run(pair, operations),
            iter: 80,
            threads: 1);
    }

    private static void Run(int pair, (int Kind, int A, int B)[] operations)
    {
        var aliceProvider = pair is 0 or 1 ? Providers.Sodium : Providers.Managed;
        var bobProvider = pair is 0 or 2 ? Providers.Sodium : Providers.Managed;
        var aliceDevice = new Device("alice", 1, aliceProvider);
        var bobDevice = new Device("bob", 2, bobProvider);
        var bundle = bobDevice.PublishBundleAsync(withOneTimeKeys: pair % 2 == 0).GetAwaiter().GetResult();
        new SessionBuilder(aliceDevice.Store, bobDevice.Address, aliceProvider).ProcessPreKeyBundleAsync(bundle).AsTask().GetAwaiter().GetResult();
        var alice = new Party(aliceDevice, bobDevice) { CanSend = true };
        var bob = new Party(bobDevice, aliceDevice);
        var counter = 0;
        var restarts = 0;

        foreach (var (kind, a, b) in operations)
        {
            var (from, to) = a % 2 == 0 ? (alice, bob) : (bob, alice);
            switch (kind)
            {
                case <= 2: // send
                    if (from.CanSend)
                    {
                        var text = $"m{counter++}";
                        to.Inbox.Add((Sync(from.Cipher.EncryptAsync(Encoding.UTF8.GetBytes(text))), text));
                    }

                    break;
                case <= 4: // deliver a random pending message (out of order)
                    if (to.Inbox.Count > 0)
                    {
                        var index = b % to.Inbox.Count;
                        var (bytes, text) = to.Inbox[index];
                        to.Inbox.RemoveAt(index);
                        Assert.Equal(text, Encoding.UTF8.GetString(Sync(to.Cipher.DecryptAsync(bytes))));
                        to.Delivered.Add(bytes);
                        to.CanSend = true;
                    }

                    break;
                case 5: // drop a message for good
                    if (to.Inbox.Count > 0)
                    {
                        to.Inbox.RemoveAt(b % to.Inbox.Count);
                    }

                    break;
                case 6: // replay a delivered message
                    if (to.Delivered.Count > 0)
                    {
                        ExpectFailureWithoutChange(to, to.Delivered[b % to.Delivered.Count]);
                    }

                    break;
                case 7: // flip one bit of a pending message
                    if (to.Inbox.Count > 0)
                    {
                        var forged = (byte[])to.Inbox[b % to.Inbox.Count].Bytes.Clone();
                        var bit = a % (forged.Length * 8);
                        forged[bit / 8] ^= (byte)(1 << (bit % 8));
                        ExpectFailureWithoutChange(to, forged);
                    }

                    break;
                case 8: // truncate a pending message
                    if (to.Inbox.Count > 0)
                    {
                        var original = to.Inbox[b % to.Inbox.Count].Bytes;
                        ExpectFailureWithoutChange(to, original[..(a % original.Length)]);
                    }

                    break;
                case 10: // start a fresh session (reinstall / simultaneous initiation); old states stay archived
                    if (restarts++ < 3)
                    {
                        var peer = ReferenceEquals(from, alice) ? bobDevice : aliceDevice;
                        var fresh = peer.PublishBundleAsync().GetAwaiter().GetResult();
                        Sync(new SessionBuilder(from.Device.Store, peer.Address, from.Device.Provider).ProcessPreKeyBundleAsync(fresh));
                        from.CanSend = true;
                    }

                    break;
                default: // persist and reload a session record
                    var record = Sync(from.Device.Store.LoadSessionAsync(from.PeerAddress));
                    if (record is not null)
                    {
                        var bytes = record.Serialize();
                        var restored = SessionRecord.Deserialize(bytes);
                        Assert.Equal(bytes, restored.Serialize());
                        Sync(from.Device.Store.StoreSessionAsync(from.PeerAddress, restored));
                    }

                    break;
            }
        }

        // Drain: every genuine message still pending decrypts exactly once, in reverse order for good measure.
        foreach (var party in new[] { alice, bob })
        {
            for (var i = party.Inbox.Count - 1; i >= 0; i--)
            {
                var (bytes, text) = party.Inbox[i];
                Assert.Equal(text, Encoding.UTF8.GetString(Sync(party.Cipher.DecryptAsync(bytes))));
                ExpectFailureWithoutChange(party, bytes);
            }
        }
    }

    private static void ExpectFailureWithoutChange(Party party, byte[] message)
    {
        var before = party.Snapshot();
        Assert.ThrowsAny<ChatalotCryptoException>(() => Sync(party.Cipher.DecryptAsync(message)));
        Assert.Equal(before, party.Snapshot());
    }

    private static T Sync<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static void Sync(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
