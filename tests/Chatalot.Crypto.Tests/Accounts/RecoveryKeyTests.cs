using Chatalot.Crypto.Tests.Support;
using CsCheck;

namespace Chatalot.Crypto.Tests.Accounts;

public class RecoveryKeyTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    [Theory]
    [MemberData(nameof(Providers.Kinds), MemberType = typeof(Providers))]
    public void Display_Parse_RoundTrips(CryptoProviderKind kind)
    {
        using var key = RecoveryKey.Generate(Providers.Get(kind));
        var display = key.Display();
        Assert.Matches("^[A-Z2-7]{4}( [A-Z2-7]{4}){13}$", display);
        Assert.StartsWith("IM", display, StringComparison.Ordinal); // 0x43 0x01: every version-1 key starts "IMA"
        using var parsed = RecoveryKey.Parse(display);
        Assert.Equal(key.KeyId, parsed.KeyId);
        Assert.Equal(display, parsed.Display());
        Assert.Equal(16, key.KeyId.Length);
    }

    [Fact]
    public void Parse_IgnoresSpacesAndCase()
    {
        using var key = RecoveryKey.Generate();
        var display = key.Display();
        var compact = display.Replace(" ", string.Empty, StringComparison.Ordinal);
        foreach (var text in new[] { compact, compact.ToLowerInvariant(), "  " + display.ToLowerInvariant() + "\n", string.Join("  ", compact.Chunk(7).Select(c => new string(c))), display.Replace(" ", "\t", StringComparison.Ordinal) })
        {
            Assert.True(RecoveryKey.TryParse(text, out var parsed), text);
            Assert.Equal(key.KeyId, parsed.KeyId);
        }
    }

    [Fact]
    public void Parse_DetectsEverySingleCharacterTypo()
    {
        using var key = RecoveryKey.Generate();
        var compact = key.Display().Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(56, compact.Length);
        for (var i = 0; i < compact.Length; i++)
        {
            // Every other alphabet character (parity), and characters users confuse that base32 leaves out.
            foreach (var c in Alphabet.Where(c => c != compact[i]).Concat("0189-"))
            {
                var typo = string.Concat(compact.AsSpan(0, i), c.ToString(), compact.AsSpan(i + 1));
                Assert.False(RecoveryKey.TryParse(typo, out _), $"position {i}, '{c}': {compact} -> {typo}");
                var ex = Assert.Throws<InvalidKeyException>(() => RecoveryKey.Parse(typo));
                Assert.Equal(CryptoErrorCode.InvalidKey, ex.Code);
                Assert.Contains("mistyped", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Parse_ReportsWrongLength_AndUnknownVersion_Clearly()
    {
        using var key = RecoveryKey.Generate();
        var compact = key.Display().Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("56 characters", Assert.Throws<InvalidKeyException>(() => RecoveryKey.Parse(compact[..^1])).Message, StringComparison.Ordinal);
        Assert.Contains("56 characters", Assert.Throws<InvalidKeyException>(() => RecoveryKey.Parse(compact + "A")).Message, StringComparison.Ordinal);
        Assert.Contains("56 characters", Assert.Throws<InvalidKeyException>(() => RecoveryKey.Parse("")).Message, StringComparison.Ordinal);
        Assert.False(RecoveryKey.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => RecoveryKey.Parse(null!));

        // A well-formed key of version 2 (correct parity).
        var bytes = new byte[35];
        bytes[0] = 0x43;
        bytes[1] = 0x02;
        key.KeyBytes.CopyTo(bytes.AsSpan(2));
        for (var i = 0; i < 34; i++)
        {
            bytes[34] ^= bytes[i];
        }

        var ex = Assert.Throws<InvalidKeyException>(() => RecoveryKey.Parse(Chatalot.Crypto.Accounts.Internal.Base32.Encode(bytes)));
        Assert.Contains("unknown version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_MatchesParse_AndChecksLength()
    {
        using var key = RecoveryKey.Generate();
        using var copy = RecoveryKey.FromBytes(key.KeyBytes);
        Assert.Equal(key.Display(), copy.Display());
        Assert.Equal(key.KeyId, copy.KeyId);
        Assert.Throws<InvalidKeyException>(() => RecoveryKey.FromBytes(new byte[31]));
        Assert.Throws<InvalidKeyException>(() => RecoveryKey.FromBytes(new byte[33]));
    }

    [Fact]
    public void ToString_ShowsOnlyTheKeyId_AndDispose_WipesTheKey()
    {
        var key = RecoveryKey.Generate();
        var display = key.Display();
        var keyHex = Convert.ToHexString(key.KeyBytes);
        var text = key.ToString();
        Assert.Equal($"RecoveryKey(id {Convert.ToHexStringLower(key.KeyId)})", text);
        Assert.DoesNotContain(keyHex[..16], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(display[..9], text, StringComparison.Ordinal);

        key.Dispose();
        Assert.True(key.SecretsAreZero());
        Assert.Throws<ObjectDisposedException>(() => key.Display());
        Assert.Throws<ObjectDisposedException>(() => KeyBackupCipher.Seal(key, "account", [1]));
    }

    [Fact]
    public void Property_AnyKeyRoundTrips_ThroughItsDisplay()
    {
        Gen.Byte.Array[32].Sample(bytes =>
        {
            using var key = RecoveryKey.FromBytes(bytes);
            using var parsed = RecoveryKey.Parse(key.Display().ToLowerInvariant());
            Assert.Equal(bytes, parsed.KeyBytes.ToArray());
        }, iter: 500, threads: 1);
    }
}
