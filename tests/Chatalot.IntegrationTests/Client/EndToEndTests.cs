using System.Collections.Concurrent;
using System.Text;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Two users and a bot on the real server over loopback, with end-to-end encryption underneath.</summary>
public sealed class EndToEndTests : IAsyncLifetime
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
        var session = await client.Rest.RegisterAsync(new RegisterRequest(name, Password), CancellationToken.None);
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
}
