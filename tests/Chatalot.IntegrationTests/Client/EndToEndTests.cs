using Chatalot.Client.Messages.Internal;
using System.Collections.Concurrent;
using System.Text;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;
using Xunit.Abstractions;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Two users and a bot on the real server over loopback, with end-to-end encryption underneath.</summary>
public sealed class EndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string Password = "a long enough password";
    private ChatalotTestServer _server = null!;
    private readonly List<ChatalotClient> _clients = [];
    private readonly string _storeDirectory = Directory.CreateTempSubdirectory("chatalot-e2e-").FullName;

    public async Task InitializeAsync() =>
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromMilliseconds(500) } });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
        Directory.Delete(_storeDirectory, recursive: true);
    }

    private sealed record Party(ChatalotClient Client, ConcurrentQueue<ChatalotEvent> Seen, UserId Id, string Name);

    private async Task<Party> CreateAsync(string name, string? storePath = null)
    {
        var client = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = _server.BaseAddress,
            Username = name,
            Password = Password,
            RegisterIfMissing = true,
            StorePath = storePath,
            StorePassphrase = storePath is null ? null : "bot store passphrase",
        });
        _clients.Add(client);
        var seen = new ConcurrentQueue<ChatalotEvent>();
        client.Events.On<ChatalotEvent>((e, _) =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        var session = await client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return new Party(client, seen, new UserId(session.User.Id), name);
    }

    private static async Task<MessageReceived> ReceiveAsync(Party party, string text)
    {
        MessageReceived? found = null;
        Assert.True(
            await WaitAsync(() => (found = party.Seen.OfType<MessageReceived>().FirstOrDefault(m => m.Text == text)) is not null),
            $"{party.Name} did not receive '{text}'; saw: {string.Join(" | ", party.Seen.Select(e => e.ToString()))}");
        return found!;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TwoUsersAndBot_ChannelAndDirectMessages_DecryptEverywhere_ServerStoresNoPlaintext()
    {
        var alice = await CreateAsync(Name("alice"));
        var bob = await CreateAsync(Name("bob"));
        var bot = await CreateAsync(Name("bot"), Path.Combine(_storeDirectory, "bot.db"));

        var community = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("E2E"), CancellationToken.None);
        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        foreach (var member in new[] { bob, bot })
        {
            await member.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
            await member.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        }

        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync(), bot.Client.ConnectAsync());

        // Channel message: sender keys travel pairwise, the server sees one sender-key ciphertext.
        await alice.Client.SendAsync(general, "PLAINTEXT-hello-channel", CancellationToken.None);
        var atBob = await ReceiveAsync(bob, "PLAINTEXT-hello-channel");
        var atBot = await ReceiveAsync(bot, "PLAINTEXT-hello-channel");
        Assert.Equal(alice.Id, atBob.Sender.UserId);
        Assert.Equal(alice.Client.CurrentDeviceId, atBot.Sender.DeviceId);
        Assert.False(atBob.IsDirect);

        // Direct messages both ways, and the bot answering in the channel.
        await bob.Client.SendAsync(alice.Id, "PLAINTEXT-dm-bob-to-alice", CancellationToken.None);
        Assert.True((await ReceiveAsync(alice, "PLAINTEXT-dm-bob-to-alice")).IsDirect);
        await alice.Client.SendAsync(bob.Id, "PLAINTEXT-dm-alice-to-bob", CancellationToken.None);
        await ReceiveAsync(bob, "PLAINTEXT-dm-alice-to-bob");
        await bot.Client.SendAsync(general, "PLAINTEXT-bot-reply", CancellationToken.None);
        await ReceiveAsync(alice, "PLAINTEXT-bot-reply");
        await ReceiveAsync(bob, "PLAINTEXT-bot-reply");

        Assert.DoesNotContain(alice.Seen.Concat(bob.Seen).Concat(bot.Seen), e => e is MessageUndecryptable);

        // Nothing the server wrote to disk contains a message text.
        foreach (var file in Directory.EnumerateFiles(_server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                bytes = memory.ToArray();
            }

            Assert.DoesNotContain("PLAINTEXT-", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    private sealed record Trio(Party Alice, Party Bob, Party Bot, ChannelId General, GroupId Group);

    private async Task<Trio> SetUpTrioAsync(string? botStore = null)
    {
        var alice = await CreateAsync(Name("alice"));
        var bob = await CreateAsync(Name("bob"));
        var bot = await CreateAsync(Name("bot"), botStore);
        var community = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("E2E"), CancellationToken.None);
        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        foreach (var member in new[] { bob, bot })
        {
            await member.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
            await member.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        }

        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync(), bot.Client.ConnectAsync());
        return new Trio(alice, bob, bot, general, new GroupId(group.Id));
    }

    [Fact]
    public async Task MemberWhoLeaves_CannotReadMessagesSentAfter()
    {
        var (alice, bob, bot, general, group) = await SetUpTrioAsync();
        await alice.Client.SendAsync(general, "before bob leaves", CancellationToken.None);
        await ReceiveAsync(bob, "before bob leaves");

        await bob.Client.Rest.LeaveGroupAsync(group, CancellationToken.None);
        Assert.True(await WaitAsync(() => alice.Seen.OfType<MemberRemoved>().Any(m => m.UserId == bob.Id)), "alice saw bob leave");
        await alice.Client.SendAsync(general, "after bob left", CancellationToken.None);
        await ReceiveAsync(bot, "after bob left");

        // Even holding the ciphertext (say, from a database leak), bob's device cannot decrypt it: the chain rotated
        // and the new sender key was distributed to the remaining members only.
        var page = await bot.Client.Rest.GetMessagesAsync(general, limit: 10, cancellationToken: CancellationToken.None);
        var after = page.Messages[^1];
        var attempt = await bob.Client.CoreForTests!.DecryptorForTests.DecryptAsync(after, isEdit: false, CancellationToken.None);
        Assert.IsType<DecryptOutcome.MissingKey>(attempt);
        await Task.Delay(300);
        Assert.DoesNotContain(bob.Seen.OfType<MessageReceived>(), m => m.Text == "after bob left");
    }

    [Fact]
    public async Task RestartedClient_OverSameStore_KeepsItsSessionsAndSenderKeys()
    {
        var store = Path.Combine(_storeDirectory, "restart.db");
        var (alice, _, bot, general, _) = await SetUpTrioAsync(store);
        await alice.Client.SendAsync(bot.Id, "dm before restart", CancellationToken.None);
        await ReceiveAsync(bot, "dm before restart");
        await alice.Client.SendAsync(general, "channel before restart", CancellationToken.None);
        await ReceiveAsync(bot, "channel before restart");
        var device = bot.Client.CurrentDeviceId;

        // A new process: a new client instance over the same encrypted store, signing in with the same account.
        // Messages sent while it is down are fetched when it comes back.
        await bot.Client.DisposeAsync();
        await alice.Client.SendAsync(bot.Id, "dm while the bot was down", CancellationToken.None);
        await alice.Client.SendAsync(general, "channel while the bot was down", CancellationToken.None);
        var restarted = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = _server.BaseAddress,
            Username = bot.Name,
            Password = Password,
            StorePath = store,
            StorePassphrase = "bot store passphrase",
        });
        _clients.Add(restarted);
        var seen = new ConcurrentQueue<ChatalotEvent>();
        restarted.Events.On<ChatalotEvent>((e, _) =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        await restarted.ConnectAsync();
        var again = new Party(restarted, seen, bot.Id, bot.Name);
        Assert.Equal(device, restarted.CurrentDeviceId);
        Assert.True((await ReceiveAsync(again, "dm while the bot was down")).IsCatchUp);
        Assert.True((await ReceiveAsync(again, "channel while the bot was down")).IsCatchUp);

        await alice.Client.SendAsync(bot.Id, "dm after restart", CancellationToken.None);
        await ReceiveAsync(again, "dm after restart");
        await alice.Client.SendAsync(general, "channel after restart", CancellationToken.None);
        await ReceiveAsync(again, "channel after restart");
        await restarted.SendAsync(alice.Id, "reply after restart", CancellationToken.None);
        await ReceiveAsync(alice, "reply after restart");
        Assert.DoesNotContain(seen, e => e is MessageUndecryptable);
    }

    [Fact]
    public async Task DroppedConnection_MidConversation_LosesAndDuplicatesNothing()
    {
        var (alice, _, bot, general, _) = await SetUpTrioAsync();
        var texts = Enumerable.Range(0, 30).Select(i => $"burst {i:D2}").ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            if (i == 10 || i == 20)
            {
                bot.Client.GatewayForTests!.DropConnectionForTests();
            }

            await alice.Client.SendAsync(general, texts[i], CancellationToken.None);
        }

        Assert.True(await WaitAsync(() => texts.All(t => bot.Seen.OfType<MessageReceived>().Any(m => m.Text == t))), "every message arrived");
        await Task.Delay(500);
        var received = bot.Seen.OfType<MessageReceived>().Where(m => m.Text.StartsWith("burst", StringComparison.Ordinal)).Select(m => m.Text).ToList();
        Assert.Equal(texts, received);
        Assert.Contains(bot.Seen.OfType<ConnectionStateChanged>(), c => c.Current == ConnectionState.Reconnecting);
        Assert.Equal(ConnectionState.Connected, bot.Client.State);
    }

    [Fact]
    public async Task SlowEventHandler_DoesNotCauseDisconnect()
    {
        var (alice, bob, _, general, _) = await SetUpTrioAsync();
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Client.Events.On<MessageReceived>(async (m, ct) =>
        {
            if (m.Text == "slow")
            {
                // Four times the server's heartbeat timeout (2 × 500 ms): an awaited handler would get us dropped.
                await Task.Delay(TimeSpan.FromSeconds(4), ct);
                released.SetResult();
            }
        });

        await alice.Client.SendAsync(general, "slow", CancellationToken.None);
        await alice.Client.SendAsync(bob.Id, "meanwhile in a DM", CancellationToken.None);
        await ReceiveAsync(bob, "meanwhile in a DM");
        await released.Task.WaitAsync(Timeout);
        await alice.Client.SendAsync(general, "after the slow one", CancellationToken.None);
        await ReceiveAsync(bob, "after the slow one");
        Assert.DoesNotContain(bob.Seen.OfType<ConnectionStateChanged>(), c => c.Current != ConnectionState.Connected && c.Previous == ConnectionState.Connected);
    }

    [Fact]
    public async Task SafetyNumbers_MatchOnBothSides_AndVerifiedAccountsAreMarked()
    {
        var (alice, bob, _, _, _) = await SetUpTrioAsync();
        await alice.Client.SendAsync(bob.Id, "first contact", CancellationToken.None);
        Assert.Equal(TrustState.Trusted, (await ReceiveAsync(bob, "first contact")).Trust);

        var atAlice = await alice.Client.GetSafetyNumberAsync(bob.Id, CancellationToken.None);
        var atBob = await bob.Client.GetSafetyNumberAsync(alice.Id, CancellationToken.None);
        Assert.Equal(atAlice.Digits, atBob.Digits);
        Assert.True(atBob.MatchesScanned(atAlice.ToScannableBytes()));

        await bob.Client.MarkVerifiedAsync(alice.Id, CancellationToken.None);
        await alice.Client.SendAsync(bob.Id, "now verified", CancellationToken.None);
        Assert.Equal(TrustState.Verified, (await ReceiveAsync(bob, "now verified")).Trust);
    }

    [Fact]
    public async Task ConcurrentSendsBothWays_AllDecrypt()
    {
        var (alice, bob, _, general, _) = await SetUpTrioAsync();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var sends = Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            alice.Client.SendAsync(bob.Id, $"a2b {i}", CancellationToken.None).AsTask(),
            bob.Client.SendAsync(alice.Id, $"b2a {i}", CancellationToken.None).AsTask(),
            alice.Client.SendAsync(general, $"a-channel {i}", CancellationToken.None).AsTask(),
            bob.Client.SendAsync(general, $"b-channel {i}", CancellationToken.None).AsTask(),
        });
        await Task.WhenAll(sends);

        for (var i = 0; i < 8; i++)
        {
            await ReceiveAsync(bob, $"a2b {i}");
            await ReceiveAsync(alice, $"b2a {i}");
            await ReceiveAsync(bob, $"a-channel {i}");
            await ReceiveAsync(alice, $"b-channel {i}");
        }

        Assert.DoesNotContain(alice.Seen.Concat(bob.Seen), e => e is MessageUndecryptable);
        output.WriteLine($"32 concurrent sends (16 DM, 16 channel) sent, delivered and decrypted in {timer.ElapsedMilliseconds} ms");

        timer.Restart();
        for (var i = 0; i < 20; i++)
        {
            await alice.Client.SendAsync(general, $"sequential {i}", CancellationToken.None);
            await ReceiveAsync(bob, $"sequential {i}");
        }

        output.WriteLine($"channel round trip (encrypt, post, relay, decrypt, handler): {timer.Elapsed.TotalMilliseconds / 20:F1} ms average over 20");
    }

    [Fact]
    public async Task TamperedCiphertext_SurfacesAsUndecryptable_AndLaterMessagesStillDecrypt()
    {
        var (alice, bob, _, general, _) = await SetUpTrioAsync();
        await alice.Client.SendAsync(general, "genuine 1", CancellationToken.None);
        await ReceiveAsync(bob, "genuine 1");
        await alice.Client.SendAsync(bob.Id, "genuine dm", CancellationToken.None);
        await ReceiveAsync(bob, "genuine dm");

        // A server (or anyone on the path) flips one bit of a stored channel message and of a DM.
        var channelPage = await bob.Client.Rest.GetMessagesAsync(general, limit: 1, cancellationToken: CancellationToken.None);
        var channelMessage = channelPage.Messages[^1];
        var forgedChannel = channelMessage with
        {
            Id = Guid.NewGuid(),
            Envelope = channelMessage.Envelope! with { Ciphertext = Flip(channelMessage.Envelope.Ciphertext!) },
        };
        var channelResult = await bob.Client.CoreForTests!.DecryptorForTests.DecryptAsync(forgedChannel, isEdit: false, CancellationToken.None);
        Assert.Equal(UndecryptableReason.AuthenticationFailed, Assert.IsType<DecryptOutcome.Failed>(channelResult).Reason);

        var dms = await bob.Client.Rest.GetDirectChannelsAsync(CancellationToken.None);
        var dmPage = await bob.Client.Rest.GetMessagesAsync(new ChannelId(Assert.Single(dms).Id), limit: 1, cancellationToken: CancellationToken.None);
        var dm = dmPage.Messages[^1];
        var forgedDm = dm with
        {
            Id = Guid.NewGuid(),
            Envelope = dm.Envelope! with { Devices = [.. dm.Envelope.Devices!.Select(d => d with { Ciphertext = Flip(d.Ciphertext) })] },
        };
        var dmResult = await bob.Client.CoreForTests!.DecryptorForTests.DecryptAsync(forgedDm, isEdit: false, CancellationToken.None);
        Assert.IsType<DecryptOutcome.Failed>(dmResult);

        await alice.Client.SendAsync(general, "genuine 2", CancellationToken.None);
        await ReceiveAsync(bob, "genuine 2");
        await alice.Client.SendAsync(bob.Id, "genuine dm 2", CancellationToken.None);
        await ReceiveAsync(bob, "genuine dm 2");
    }

    private static byte[] Flip(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }

    [Fact]
    public async Task DeviceRemovedOnServer_IsRepublishedWithSameIdentityOnNextConnect()
    {
        var store = Path.Combine(_storeDirectory, "republish.db");
        var (alice, _, bot, _, _) = await SetUpTrioAsync(store);
        var device = bot.Client.CurrentDeviceId!.Value;
        var before = Assert.Single(await alice.Client.Rest.GetDevicesAsync(bot.Id, CancellationToken.None));
        await bot.Client.Rest.DeleteDeviceAsync(device, CancellationToken.None);
        await bot.Client.DisposeAsync();

        var restarted = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = _server.BaseAddress,
            Username = bot.Name,
            Password = Password,
            StorePath = store,
            StorePassphrase = "bot store passphrase",
        });
        _clients.Add(restarted);
        await restarted.ConnectAsync();

        var after = Assert.Single(await alice.Client.Rest.GetDevicesAsync(bot.Id, CancellationToken.None));
        Assert.Equal(device.Value, after.DeviceId);
        Assert.Equal(before.IdentityKey, after.IdentityKey);
    }

    [Fact]
    public async Task ChangedAccountKey_RaisesEvent_BlocksSendingUntilAccepted()
    {
        var (alice, bob, _, _, _) = await SetUpTrioAsync();
        await alice.Client.SendAsync(bob.Id, "before the change", CancellationToken.None);
        await ReceiveAsync(bob, "before the change");

        // Bob lost every device and his recovery key, and starts his account over (crypto.md §15.6).
        await bob.Client.Devices.ResetAccountIdentityAsync(CancellationToken.None);

        // Alice learns of it from bob's device_list_updated event (she reads and checks the new list); until then her
        // cached list is bob's old one, signed by his old key, and a send would go to his old devices only.
        Assert.True(await WaitAsync(() => alice.Seen.OfType<IdentityChanged>().Any(e => e.UserId == bob.Id && e.SendingBlocked)), "alice was told");
        var blocked = await Assert.ThrowsAsync<ChatalotClientException>(async () => await alice.Client.SendAsync(bob.Id, "after the change", CancellationToken.None));
        Assert.Equal("identity_not_accepted", blocked.Code);
        var change = alice.Seen.OfType<IdentityChanged>().First();
        Assert.NotEqual(change.PreviousFingerprint, change.NewFingerprint);

        Assert.True(await alice.Client.AcceptIdentityAsync(bob.Id, CancellationToken.None));
        await alice.Client.SendAsync(bob.Id, "after accepting", CancellationToken.None);
        await ReceiveAsync(bob, "after accepting");
    }

    [Fact]
    public async Task SecondDeviceOfSameUser_ReadsDirectAndChannelMessagesFromBothSides()
    {
        var (alice, bob, _, general, _) = await SetUpTrioAsync();

        // Alice signs in on a second device (its own keys, its own sessions).
        var phone = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = alice.Name, Password = Password });
        _clients.Add(phone);
        var phoneSeen = new ConcurrentQueue<ChatalotEvent>();
        phone.Events.On<ChatalotEvent>((e, _) =>
        {
            phoneSeen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        await phone.ConnectAsync();
        Assert.Equal(DeviceLinkStatus.Unlinked, phone.Devices.Status);
        await DeviceLinking.LinkAsync(alice.Client, phone);
        var alicePhone = new Party(phone, phoneSeen, alice.Id, alice.Name);
        Assert.NotEqual(alice.Client.CurrentDeviceId, phone.CurrentDeviceId);

        await alice.Client.SendAsync(bob.Id, "from alice's first device", CancellationToken.None);
        await ReceiveAsync(bob, "from alice's first device");
        var copy = await ReceiveAsync(alicePhone, "from alice's first device");
        Assert.Equal(alice.Client.CurrentDeviceId, copy.Sender.DeviceId);

        await bob.Client.SendAsync(alice.Id, "to both of alice's devices", CancellationToken.None);
        await ReceiveAsync(alice, "to both of alice's devices");
        await ReceiveAsync(alicePhone, "to both of alice's devices");

        await alice.Client.SendAsync(general, "channel from the first device", CancellationToken.None);
        await ReceiveAsync(alicePhone, "channel from the first device");
        await phone.SendAsync(general, "channel from the phone", CancellationToken.None);
        await ReceiveAsync(alice, "channel from the phone");
        await ReceiveAsync(bob, "channel from the phone");
    }
}
