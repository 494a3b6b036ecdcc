using Chatalot.Client;
using Chatalot.Client.Devices.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Channel history in the encrypted key backup (crypto.md §15.5): the chains a device installs and its own chains'
/// first distributions are backed up, and a restored or linked device reads the past channel messages they open.
/// </summary>
public abstract class HistoryBackupTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync(o => o, provider);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task RestoredDevice_ReadsPastChannelMessages_AndAChainNotInTheBackupStaysUnreadable()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var carol = await _harness.CreateAsync("carol");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob, carol);

        // Carol's chain reaches alice before there is a backup: it is not in it.
        var early = await carol.Client.SendAsync(space.General, "before the backup", CancellationToken.None);
        await alice.ReceiveAsync(early.MessageId);
        var own = await alice.Client.SendAsync(space.General, "alice's own past message", CancellationToken.None);
        await bob.ReceiveAsync(own.MessageId);

        // Nothing is pending for a backup that does not exist yet (dropped once the uploader found no recovery key).
        await alice.WaitUntilAsync(() => alice.Client.CoreForTests!.History.PendingCount == 0, "carol's chain dropped by the uploader");
        var recoveryKey = await alice.Client.Devices.SetUpRecoveryKeyAsync();
        var fromBob = await bob.Client.SendAsync(space.General, "bob, after the backup", CancellationToken.None);
        await alice.ReceiveAsync(fromBob.MessageId);
        var history = alice.Client.CoreForTests!.History;
        var bobChain = HistoryBackup.ChainEntryName(space.General.Value, bob.Id, bob.Client.CurrentDeviceId!.Value, ChainOf(await bob.Client.Rest.GetMessageAsync(space.General, fromBob.MessageId, CancellationToken.None)));
        await WaitForEntryAsync(alice, bobChain);
        Assert.DoesNotContain(alice.Logs, l => l.Contains(recoveryKey, StringComparison.Ordinal) || l.Contains(recoveryKey.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));

        // Carol goes offline (nobody answers a key request for her chain); alice signs out of her only device.
        await ClientHarness.StopAsync(carol);
        await alice.Client.Devices.RemoveThisDeviceAsync();
        Assert.Equal(0, history.PendingCount);
        await ClientHarness.StopAsync(alice);

        var laptop = await _harness.SignInNewDeviceAsync(alice);
        await laptop.Client.Devices.RestoreAsync(recoveryKey);

        var ownBack = await laptop.ReceiveAsync(own.MessageId);
        Assert.Equal("alice's own past message", ownBack.Text);
        Assert.True(ownBack.IsCatchUp);
        Assert.Equal("bob, after the backup", (await laptop.ReceiveAsync(fromBob.MessageId)).Text);
        var unreadable = await laptop.ExpectAsync<MessageUndecryptable>(m => m.MessageId == early.MessageId);
        Assert.Equal(UndecryptableReason.MissingSenderKey, unreadable.Reason);

        // The rest still works: new messages from bob and to bob.
        var live = await bob.Client.SendAsync(space.General, "hello again", CancellationToken.None);
        await laptop.ReceiveAsync(live.MessageId);
        var back = await laptop.Client.SendAsync(space.General, "from alice's laptop", CancellationToken.None);
        await bob.ReceiveAsync(back.MessageId);
    }

    [Fact]
    public async Task LinkedDevice_GetsTheRecoveryKey_ReadsBackedUpHistory_AndWritesToTheBackup()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await alice.Client.Devices.SetUpRecoveryKeyAsync();
        var past = await bob.Client.SendAsync(space.General, "before the phone existed", CancellationToken.None);
        await alice.ReceiveAsync(past.MessageId);
        var chain = ChainOf(await bob.Client.Rest.GetMessageAsync(space.General, past.MessageId, CancellationToken.None));
        var entry = HistoryBackup.ChainEntryName(space.General.Value, bob.Id, bob.Client.CurrentDeviceId!.Value, chain);
        await WaitForEntryAsync(alice, entry);

        var phone = await _harness.AddDeviceAsync(alice);

        Assert.Equal("before the phone existed", (await phone.ReceiveAsync(past.MessageId)).Text);
        using (var key = await phone.Client.CoreForTests!.History.LoadKeyAsync(CancellationToken.None))
        {
            Assert.NotNull(key);
        }

        // The phone's own chain goes into the backup too, written on top of whatever alice's laptop wrote.
        var fromPhone = await phone.Client.SendAsync(space.General, "from the phone", CancellationToken.None);
        await bob.ReceiveAsync(fromPhone.MessageId);
        var phoneChain = HistoryBackup.ChainEntryName(space.General.Value, alice.Id, phone.Client.CurrentDeviceId!.Value,
            ChainOf(await bob.Client.Rest.GetMessageAsync(space.General, fromPhone.MessageId, CancellationToken.None)));
        await WaitForEntryAsync(phone, phoneChain);
    }

    [Fact]
    public async Task RestoredDevice_ShowsPastDirectMessages_FromTheBackedUpContent()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await ClientHarness.SetUpGroupAsync(alice, bob);
        var recoveryKey = await alice.Client.Devices.SetUpRecoveryKeyAsync();
        var direct = await bob.Client.SendAsync(alice.Id, "a direct message to keep", CancellationToken.None);
        await alice.ReceiveAsync(direct.MessageId);
        await WaitForEntryAsync(alice, HistoryBackup.DirectEntryName(direct.MessageId.Value));

        await alice.Client.Devices.RemoveThisDeviceAsync();
        await ClientHarness.StopAsync(alice);
        var laptop = await _harness.SignInNewDeviceAsync(alice);
        await laptop.Client.Devices.RestoreAsync(recoveryKey);

        var restored = await laptop.ReceiveAsync(direct.MessageId);
        Assert.Equal("a direct message to keep", restored.Text);
        Assert.True(restored.IsDirect);
        Assert.Equal(bob.Id, restored.Sender.UserId);
    }

    [Fact]
    public async Task TwoDevicesBackingUpTheSameChainsAtOnce_BothLand_OnTheReReadVersion()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await alice.Client.Devices.SetUpRecoveryKeyAsync();
        var phone = await _harness.AddDeviceAsync(alice);

        // Each new channel is a new chain of bob's that both of alice's devices install and back up at about the same time.
        var entries = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var channel = await alice.Client.Rest.CreateChannelAsync(space.Group, new Protocol.Channels.CreateChannelRequest("room-" + i), CancellationToken.None);
            await bob.WaitUntilAsync(() => bob.Seen.OfType<ChannelCreated>().Any(c => c.Channel.Id == channel.Id), "the new channel");
            var sent = await bob.Client.SendAsync(new ChannelId(channel.Id), "in room " + i, CancellationToken.None);
            await alice.ReceiveAsync(sent.MessageId);
            await phone.ReceiveAsync(sent.MessageId);
            entries.Add(HistoryBackup.ChainEntryName(channel.Id, bob.Id, bob.Client.CurrentDeviceId!.Value,
                ChainOf(await bob.Client.Rest.GetMessageAsync(new ChannelId(channel.Id), sent.MessageId, CancellationToken.None))));
        }

        foreach (var entry in entries)
        {
            await WaitForEntryAsync(alice, entry);
        }

        await alice.Client.CoreForTests!.History.FlushAsync(CancellationToken.None);
        await phone.Client.CoreForTests!.History.FlushAsync(CancellationToken.None);
        Assert.Equal(0, alice.Client.CoreForTests!.History.PendingCount);
        Assert.Equal(0, phone.Client.CoreForTests!.History.PendingCount);
        Assert.DoesNotContain(alice.Logs.Concat(phone.Logs), l => l.Contains("Could not write to the key backup", StringComparison.Ordinal));
    }

    private static uint ChainOf(Protocol.Messages.Message stored) => SenderKeyLedger.ReadHeader(stored.Envelope!.Ciphertext!)!.Value.ChainId;

    /// <summary>Waits until the account's backup holds the entry (written by the background uploader).</summary>
    private static async Task WaitForEntryAsync(Party party, string entry)
    {
        var deadline = DateTime.UtcNow + ClientHarness.Timeout;
        while (!(await party.Client.Rest.GetKeyBackupAsync(CancellationToken.None)).Entries.ContainsKey(entry))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{party.Name}: the backup never got {entry}");
            await Task.Delay(25);
        }
    }
}

public sealed class HistoryBackupSqliteTests() : HistoryBackupTests(ChatalotDatabaseProvider.Sqlite);

public sealed class HistoryBackupPostgresTests() : HistoryBackupTests(ChatalotDatabaseProvider.PostgreSql);
