using Chatalot.Crypto;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// The small fixed-layout formats of Chatalot.Crypto: stored prekey records, the identity export, attachment secrets
/// (inside an E2E message), sender-key distributions (inside a pairwise message) and identity keys. Each documents one
/// <see cref="ChatalotCryptoException"/> subtype as its only error. Input: one selector byte (modulo 7), then the bytes.
/// </summary>
public sealed class KeyRecordsTarget : FuzzTarget
{
    private static readonly string[] Formats =
        ["prekey-record", "signed-prekey-record", "kem-prekey-record", "identity-export", "attachment-secrets", "sender-key-distribution", "identity-key"];

    /// <inheritdoc />
    public override string Name => "key-records";

    /// <inheritdoc />
    public override string Description => "prekey/signed/KEM records, identity export, attachment secrets, sender-key distribution, identity key; allows ChatalotCryptoException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var body = data[1..];
        try
        {
            // Whatever parses must serialise and parse again: the stores write back what they read.
            switch (data[0] % Formats.Length)
            {
                case 0:
                    _ = PreKeyRecord.Deserialize(PreKeyRecord.Deserialize(body).Serialize());
                    break;
                case 1:
                    _ = SignedPreKeyRecord.Deserialize(SignedPreKeyRecord.Deserialize(body).Serialize());
                    break;
                case 2:
                    _ = KemPreKeyRecord.Deserialize(KemPreKeyRecord.Deserialize(body).Serialize());
                    break;
                case 3:
                    using (var identity = IdentityKeyPair.Import(body))
                    {
                        _ = IdentityKeyPair.Import(identity.ExportPrivateKey());
                    }

                    break;
                case 4:
                    _ = AttachmentSecrets.Deserialize(AttachmentSecrets.Deserialize(body).Serialize());
                    break;
                case 5:
                    _ = SenderKeyDistributionMessage.Parse(SenderKeyDistributionMessage.Parse(body).Serialize());
                    break;
                default:
                    _ = IdentityKey.FromBytes(body).ToString();
                    break;
            }
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var fixture = Seeds.CryptoFixture.Create();
        byte[][] samples =
        [
            fixture.OneTimePreKey.Serialize(), fixture.SignedPreKey.Serialize(), fixture.KemPreKey.Serialize(),
            fixture.BobIdentity.ExportPrivateKey(), fixture.AttachmentSecrets.Serialize(), fixture.Distribution.Serialize(),
            fixture.BobIdentity.PublicKey.ToArray(),
        ];
        for (var i = 0; i < samples.Length; i++)
        {
            yield return ($"{i}-{Formats[i]}.bin", [(byte)i, .. samples[i]]);
        }
    }
}
