using Chatalot.Client;
using Chatalot.Client.Devices.Internal;
using Chatalot.Crypto;

namespace Chatalot.IntegrationTests.Client;

/// <summary>The formats behind history in the key backup: the link payload's recovery-key trailer (crypto.md §15.4) and entry names (§15.5).</summary>
public sealed class HistoryBackupFormatTests
{
    [Fact]
    public void LinkPayload_WithoutTheRecoveryKey_StillReads_AndWithItCarriesIt()
    {
        using var account = IdentityKeyPair.Generate();
        var verified = new List<(UserId, byte[])> { (new UserId(Guid.NewGuid()), new byte[32]) };
        using var recovery = RecoveryKey.Generate();

        var plain = LinkPayload.Build(account, verified);
        var carrying = LinkPayload.Build(account, verified, recovery);

        Assert.Null(LinkPayload.ReadRecoveryKey(plain));
        Assert.NotNull(LinkPayload.Parse(plain, account.PublicKey.Span));
        var parsed = LinkPayload.Parse(carrying, account.PublicKey.Span);
        Assert.NotNull(parsed);
        Assert.Single(parsed.Value.Verified);
        using var read = LinkPayload.ReadRecoveryKey(carrying);
        Assert.Equal(recovery.KeyId, read!.KeyId);
        Assert.Null(LinkPayload.ReadRecoveryKey(carrying[..^1]));
    }

    [Fact]
    public void ChainEntryNames_RoundTrip_AndOthersAreNotChains()
    {
        var channel = Guid.NewGuid();
        var user = new UserId(Guid.NewGuid());
        var name = HistoryBackup.ChainEntryName(channel, user, new DeviceId(7), 305_419_896);

        Assert.Equal((channel, user, new DeviceId(7), 305_419_896u), HistoryBackup.ParseChainEntryName(name));
        Assert.Null(HistoryBackup.ParseChainEntryName("account"));
        Assert.Null(HistoryBackup.ParseChainEntryName(name + "/x"));
        Assert.Null(HistoryBackup.ParseChainEntryName(name.Replace("/7/", "/0/", StringComparison.Ordinal)));
    }
}
