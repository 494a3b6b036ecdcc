using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Accounts;

public class KeyBackupCipherTests
{
    private static readonly byte[] Secret = "account payload: AK seed and verifications"u8.ToArray();

    [Theory]
    [MemberData(nameof(Providers.Pairs), MemberType = typeof(Providers))]
    public void SealOpen_RoundTrips_AcrossProviders(CryptoProviderKind sealer, CryptoProviderKind opener)
    {
        using var key = RecoveryKey.Generate(Providers.Get(sealer));
        var sealedEntry = KeyBackupCipher.Seal(key, "account", Secret, Providers.Get(sealer));
        Assert.Equal(1 + 12 + Secret.Length + 16, sealedEntry.Length);
        Assert.Equal(1, sealedEntry[0]);

        using var restored = RecoveryKey.Parse(key.Display());
        Assert.Equal(Secret, KeyBackupCipher.Open(restored, "account", sealedEntry, Providers.Get(opener)));
        Assert.Empty(KeyBackupCipher.Open(restored, "empty", KeyBackupCipher.Seal(key, "empty", [], Providers.Get(sealer)), Providers.Get(opener)));
    }

    [Fact]
    public void Open_AnyFlippedByte_WrongName_OrWrongKey_FailsWithInvalidMessage()
    {
        using var key = RecoveryKey.Generate();
        using var other = RecoveryKey.Generate();
        var sealedEntry = KeyBackupCipher.Seal(key, "account", Secret);
        for (var i = 0; i < sealedEntry.Length; i++)
        {
            var tampered = (byte[])sealedEntry.Clone();
            tampered[i] ^= 0x10;
            Assert.Equal(CryptoErrorCode.InvalidMessage, Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "account", tampered)).Code);
        }

        // The server swaps two entries: each is bound to its own name.
        var other1 = KeyBackupCipher.Seal(key, "verifications", Secret);
        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "account", other1));
        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "Account", sealedEntry));
        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(other, "account", sealedEntry));
        Assert.NotEqual(key.KeyId, other.KeyId); // how a client tells a wrong key from a damaged backup

        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "account", sealedEntry[..28]));
        Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "account", []));
        var version2 = (byte[])sealedEntry.Clone();
        version2[0] = 2;
        Assert.Contains("version", Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, "account", version2)).Message, StringComparison.Ordinal);
        Assert.Equal(Secret, KeyBackupCipher.Open(key, "account", sealedEntry));
    }

    [Fact]
    public void Seal_UsesAFreshNonce_AndRefusesBadNames()
    {
        using var key = RecoveryKey.Generate();
        Assert.NotEqual(KeyBackupCipher.Seal(key, "account", Secret), KeyBackupCipher.Seal(key, "account", Secret));
        Assert.Throws<ArgumentException>(() => KeyBackupCipher.Seal(key, "", Secret));
        Assert.Throws<ArgumentNullException>(() => KeyBackupCipher.Seal(key, null!, Secret));
        Assert.Throws<ArgumentException>(() => KeyBackupCipher.Seal(key, "\uDC00", Secret));
        Assert.Throws<ArgumentException>(() => KeyBackupCipher.Open(key, "", new byte[40]));
    }

    [Fact]
    public void Property_RandomEntries_RoundTrip_AndMutationsFail()
    {
        using var key = RecoveryKey.Generate();
        Gen.Select(Gen.String[1, 40], Gen.Byte.Array[0, 500], Gen.Int[0, 10_000], Gen.Byte[1, 255]).Sample((name, plaintext, position, mask) =>
        {
            if (!IsWellFormed(name))
            {
                return;
            }

            var sealedEntry = KeyBackupCipher.Seal(key, name, plaintext);
            Assert.Equal(plaintext, KeyBackupCipher.Open(key, name, sealedEntry));
            var tampered = (byte[])sealedEntry.Clone();
            tampered[position % tampered.Length] ^= mask;
            Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, name, tampered));
            Assert.Throws<InvalidMessageException>(() => KeyBackupCipher.Open(key, name + "x", sealedEntry));
        }, iter: 300, threads: 1);
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = Chatalot.Crypto.Internal.WireReader.StrictUtf8.GetBytes(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
