using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Hygiene;

public class SecretHygieneTests
{
    [Fact]
    public async Task ToString_NeverContainsKeyMaterial()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var cipher = await alice.StartSessionAsync(bob);
        var exported = alice.Identity.ExportPrivateKey();
        var seedHex = Convert.ToHexString(exported, 1, 8);
        var record = (await alice.Store.LoadSessionAsync(bob.Address))!;
        var recordBytes = record.Serialize();
        var name = new SenderKeyName("c", alice.Address);
        var distribution = await new GroupSessionBuilder(alice.Store).CreateDistributionMessageAsync(name);
        var chainKeyHex = Convert.ToHexString(distribution.Serialize(), 10, 8);
        var preKey = PreKeyRecord.Generate(1);
        var preKeyPrivateHex = Convert.ToHexString(preKey.Serialize(), 5, 8);

        var texts = new[]
        {
            alice.Identity.ToString(), record.ToString(), distribution.ToString(), preKey.ToString(), bob.SignedPreKey.ToString(),
            bob.LastResortKem.ToString(), cipher.ToString(), alice.Store.ToString(),
        };
        foreach (var text in texts)
        {
            foreach (var secret in new[] { seedHex, chainKeyHex, preKeyPrivateHex, Convert.ToHexString(recordBytes, 2, 8) })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void AccountTypes_ToString_NeverContainKeyMaterial_AndDispose_WipesSecrets()
    {
        var recovery = RecoveryKey.Generate(Providers.Managed);
        var initiator = DeviceLinkInitiator.Create(Providers.Sodium);
        var responder = DeviceLinkResponder.Create(Providers.Managed);
        var identity = IdentityKeyPair.Generate().PublicKey.ToArray();
        var transcript = new DeviceLinkTranscript("u", Guid.CreateVersion7(), 2, identity, initiator.Commitment, responder.EphemeralKey, initiator.EphemeralKey, initiator.KemKey);
        var sealedPayload = responder.SealPayload(transcript, "secret payload"u8);
        var secrets = new[]
        {
            Convert.ToHexString(recovery.KeyBytes)[..16], Convert.ToHexString(recovery.BackupKey)[..16],
            recovery.Display()[..9], recovery.Display().Replace(" ", "", StringComparison.Ordinal)[5..15],
            Convert.ToHexString(sealedPayload, 1088, 8),
        };
        foreach (var text in new[] { recovery.ToString(), initiator.ToString(), responder.ToString(), transcript.ToString() })
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Contains(Convert.ToHexStringLower(recovery.KeyId), recovery.ToString(), StringComparison.Ordinal);
        recovery.Dispose();
        initiator.Dispose();
        responder.Dispose();
        Assert.True(recovery.SecretsAreZero());
        Assert.True(initiator.SecretsAreZero());
        Assert.True(responder.SecretsAreZero());
    }

    [Fact]
    public void Exceptions_CarryStableCodesAndNoSecrets()
    {
        var ex = Assert.Throws<InvalidStateException>(() => SessionRecord.Deserialize([1, 1, 5, 5, 5]));
        Assert.Equal(CryptoErrorCode.InvalidState, ex.Code);
        Assert.Equal(9, (int)ex.Code);
        Assert.DoesNotContain("0505", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityKeyPair_ExportImport_RoundTrips_AndRejectsInconsistentKeys()
    {
        var pair = IdentityKeyPair.Generate(Providers.Managed);
        var exported = pair.ExportPrivateKey();
        var imported = IdentityKeyPair.Import(exported, Providers.Sodium);
        Assert.Equal(pair.PublicKey, imported.PublicKey);
        exported[^1] ^= 1;
        Assert.Throws<InvalidStateException>(() => IdentityKeyPair.Import(exported));
    }
}
