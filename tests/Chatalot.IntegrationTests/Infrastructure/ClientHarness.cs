using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// Real clients, each with its own encrypted store, against one real server on loopback, with every event they raise
/// recorded. A client can go offline (disposed, its store kept) and come back as a new process would.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Fast key recovery, so a held message is asked for within a test's patience; the report comes much later.</summary>
    public static readonly KeyRecoveryOptions FastKeyRecovery = new()
    {
        RequestAfter = TimeSpan.FromMilliseconds(200),
        ReportAfter = TimeSpan.FromSeconds(5),
    };

    private const string Password = "a long enough password";
    private const string StorePassphrase = "harness store passphrase";
    private readonly List<ChatalotClient> _clients = [];
    private readonly List<ILoggerFactory> _loggers = [];
    private readonly string _storeDirectory = Directory.CreateTempSubdirectory("chatalot-harness-").FullName;

    private ClientHarness(ChatalotTestServer server) => Server = server;

    public ChatalotTestServer Server { get; }

    public static async Task<ClientHarness> StartAsync() =>
        new(await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromMilliseconds(500) } }));

    /// <summary>A harness whose server has more settings changed (on top of the fast heartbeat), on the given database.</summary>
    public static async Task<ClientHarness> StartAsync(Func<ChatalotServerOptions, ChatalotServerOptions> configure, ChatalotDatabaseProvider provider = ChatalotDatabaseProvider.Sqlite) =>
        new(await ChatalotTestServer.StartAsync(provider, o => configure(o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromMilliseconds(500) } })));

    /// <summary>Registers a user and creates its client (not connected yet) over a fresh store.</summary>
    public async Task<Party> CreateAsync(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        var party = Open(name, Path.Combine(_storeDirectory, name + ".db"), id: null);
        var session = await party.Client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return party with { Id = new UserId(session.User.Id) };
    }

    /// <summary>Another device of the party's account (its own fresh store), connected and linked from the party's device.</summary>
    public async Task<Party> AddDeviceAsync(Party party)
    {
        var device = await SignInNewDeviceAsync(party);
        await DeviceLinking.LinkAsync(party.Client, device.Client);
        return device;
    }

    /// <summary>A new device of the party's account (its own fresh store), connected but not linked: nobody encrypts to it yet.</summary>
    public async Task<Party> SignInNewDeviceAsync(Party party)
    {
        var device = Open(party.Name, Path.Combine(_storeDirectory, party.Name + "-" + Guid.NewGuid().ToString("N")[..6] + ".db"), party.Id);
        await device.Client.ConnectAsync();
        return device;
    }

    /// <summary>Takes a client offline as a stopped process would: disposed, its store kept.</summary>
    public static async Task StopAsync(Party party) => await party.Client.DisposeAsync();

    /// <summary>A new client over the same store and account (a restarted process), connected, with a fresh event log.</summary>
    public async Task<Party> RestartAsync(Party party)
    {
        await party.Client.DisposeAsync();
        var again = Open(party.Name, party.StorePath, party.Id);
        await again.Client.ConnectAsync();
        return again;
    }

    /// <summary>
    /// A community owned by the first party with one group (and its general channel) that every party joined, and every
    /// party connected.
    /// </summary>
    public static async Task<Space> SetUpGroupAsync(params Party[] parties)
    {
        var owner = parties[0].Client.Rest;
        var community = await owner.CreateCommunityAsync(new CreateCommunityRequest("Harness"), CancellationToken.None);
        var group = await owner.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await owner.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await owner.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        foreach (var member in parties.Skip(1))
        {
            await member.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
            await member.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        }

        await Task.WhenAll(parties.Select(p => p.Client.ConnectAsync()));
        return new Space(new CommunityId(community.Id), new GroupId(group.Id), general);
    }

    /// <summary>A REST-only session of the party's account (no device, no gateway): what a second tool of the user sees.</summary>
    public async Task<Chatalot.Client.Rest.ChatalotRestClient> SignInRestAsync(Party party, Uri? via = null)
    {
        var rest = Chatalot.Client.Rest.ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = via ?? Server.BaseAddress, Username = party.Name, Password = Password });
        await rest.LoginAsync(new LoginRequest(party.Name, Password), CancellationToken.None);
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var logger in _loggers)
        {
            logger.Dispose();
        }

        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A bot's client over a fresh store, signing in with its bot token (not connected yet).</summary>
    public Party OpenBot(string name, string botToken, UserId id, string? storePath = null) =>
        Open(name, storePath ?? Path.Combine(_storeDirectory, name + ".db"), id, botToken);

    private Party Open(string name, string storePath, UserId? id, string? botToken = null)
    {
        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        _loggers.Add(loggers);
        var client = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = Server.BaseAddress,
            Username = botToken is null ? name : null,
            Password = botToken is null ? Password : null,
            BotToken = botToken,
            StorePath = storePath,
            StorePassphrase = StorePassphrase,
            KeyRecovery = FastKeyRecovery,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
        }, loggers);
        _clients.Add(client);
        var seen = new ConcurrentQueue<ChatalotEvent>();
        client.Events.On<ChatalotEvent>((e, _) =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        return new Party(client, seen, id ?? default, name, storePath, logs.Lines);
    }
}

/// <summary>A community, its group and the group's general channel.</summary>
public sealed record Space(CommunityId Community, GroupId Group, ChannelId General);

/// <summary>One user's client and the events it raised, in order.</summary>
public sealed record Party(ChatalotClient Client, ConcurrentQueue<ChatalotEvent> Seen, UserId Id, string Name, string StorePath, ConcurrentQueue<string> Logs)
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the events seen.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ClientHarness.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Name}: {what} never happened; saw: {Describe()}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits for the first event of type <typeparamref name="T"/> that matches; fails with what was seen instead.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool> match)
        where T : ChatalotEvent
    {
        var deadline = DateTime.UtcNow + ClientHarness.Timeout;
        while (true)
        {
            if (Seen.OfType<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{Name} saw no matching {typeof(T).Name}; saw: {Describe()}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits for the message as <see cref="MessageReceived"/>.</summary>
    public Task<MessageReceived> ReceiveAsync(MessageId message) => ExpectAsync<MessageReceived>(m => m.MessageId == message);

    /// <summary>Every <see cref="MessageUndecryptable"/> raised about <paramref name="message"/> so far.</summary>
    public IEnumerable<MessageUndecryptable> UndecryptableFor(MessageId message) =>
        Seen.OfType<MessageUndecryptable>().Where(m => m.MessageId == message);

    public string Describe() => string.Join(" | ", Seen.Select(e => e is MessageUndecryptable u ? $"{u.GetType().Name} {{ {u.MessageId}, {u.Reason}, {u.ErrorCode} }}" : e.ToString()));
}
