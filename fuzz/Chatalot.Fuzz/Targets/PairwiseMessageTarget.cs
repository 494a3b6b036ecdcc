using Chatalot.Crypto;
using Chatalot.Fuzz.Seeds;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// <see cref="SessionCipher.DecryptAsync"/> on PQXDH prekey messages and Double Ratchet messages, the first thing a
/// device does with bytes from the server. Its documented errors are all <see cref="ChatalotCryptoException"/>s.
/// Input (see <see cref="Sections"/>): Bob's identity export ‖ signed prekey ‖ KEM prekey ‖ one-time prekey (may be
/// empty) ‖ session record with Alice (may be empty) ‖ the message. Carrying the receiver's state in the input keeps
/// runs independent and lets valid seeds reach the AEAD, the KEM and the ratchet.
/// </summary>
public sealed class PairwiseMessageTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "pairwise-message";

    /// <inheritdoc />
    public override string Description => "SessionCipher.DecryptAsync (prekey and ratchet messages) with the receiver's state in the input; allows ChatalotCryptoException";

    /// <inheritdoc />
    public override int MaxInputLength => 16384;

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        Span<Range> parts = stackalloc Range[6];
        if (!Sections.TrySplit(data, parts))
        {
            return;
        }

        try
        {
            using var identity = IdentityKeyPair.Import(data[parts[0]]);
            var store = new InMemoryProtocolStore(identity, CryptoFixture.Bob);
            Sync(store.StoreSignedPreKeyAsync(SignedPreKeyRecord.Deserialize(data[parts[1]])));
            Sync(store.StoreKemPreKeyAsync(KemPreKeyRecord.Deserialize(data[parts[2]])));
            if (!data[parts[3]].IsEmpty)
            {
                Sync(store.StorePreKeyAsync(PreKeyRecord.Deserialize(data[parts[3]])));
            }

            if (!data[parts[4]].IsEmpty)
            {
                Sync(store.StoreSessionAsync(CryptoFixture.Alice, SessionRecord.Deserialize(data[parts[4]])));
            }

            using var cipher = new SessionCipher(store, CryptoFixture.Alice);
            _ = cipher.DecryptAsync(data[parts[5]].ToArray()).AsTask().GetAwaiter().GetResult();
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var f = CryptoFixture.Create();
        byte[] identity = f.BobIdentity.ExportPrivateKey(), signed = f.SignedPreKey.Serialize(), kem = f.KemPreKey.Serialize();
        yield return ("prekey-message.bin", Sections.Join(identity, signed, kem, f.OneTimePreKey.Serialize(), [], f.PreKeyMessage));
        yield return ("ratchet-message.bin", Sections.Join(identity, signed, kem, [], f.BobSession.Serialize(), f.RatchetMessage));
    }

    private static void Sync(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
