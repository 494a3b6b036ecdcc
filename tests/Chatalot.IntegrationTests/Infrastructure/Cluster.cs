using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// Several real sample-server processes on loopback, run as one cluster: one fresh PostgreSQL database and one private
/// <c>redis-server</c> that the test can kill and restart. Each client talks to the cluster through its own
/// <see cref="FailoverProxy"/> that prefers one node, so clients are spread over the nodes and fail over when their node dies.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private const string Password = "a long enough password";
    private const string StorePassphrase = "cluster store passphrase";
    private readonly PostgresDatabase _database;
    private readonly string _directory = Directory.CreateTempSubdirectory("chatalot-cluster-").FullName;
    private readonly string _keyPrefix = "chatalot-test-" + Guid.NewGuid().ToString("N")[..8];

    // Every node signs and accepts the same access tokens, so a client that fails over stays signed in.
    private readonly string _tokenSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string _frankingKeys = "1 " + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n";
    private readonly SampleProcess?[] _nodes;
    private readonly Uri[] _urls;
    private readonly List<ChatalotClient> _clients = [];
    private readonly List<ILoggerFactory> _loggers = [];
    private readonly List<FailoverProxy> _proxies = [];

    private Cluster(PostgresDatabase database, RedisServerProcess redis, int nodes)
    {
        _database = database;
        Redis = redis;
        _nodes = new SampleProcess?[nodes];
        _urls = [.. Enumerable.Range(0, nodes).Select(_ => new Uri($"http://127.0.0.1:{SampleProcess.FreePort()}/"))];
    }

    /// <summary>The cluster's Redis, to kill and restart.</summary>
    public RedisServerProcess Redis { get; }

    public int NodeCount => _nodes.Length;

    /// <summary>Starts <paramref name="nodes"/> nodes and waits until each is ready (database migrated, Redis heard).</summary>
    public static async Task<Cluster> StartAsync(int nodes = 3)
    {
        var database = await PostgresDatabase.CreateAsync();
        var redis = await RedisServerProcess.StartAsync();
        var cluster = new Cluster(database, redis, nodes);
        try
        {
            // The first node migrates the fresh database alone; the others then start side by side.
            await cluster.StartNodeAsync(0);
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(cluster.StartNodeAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Node <paramref name="node"/>'s own address (no proxy in between).</summary>
    public Uri NodeUrl(int node) => _urls[node];

    /// <summary>Kills node <paramref name="node"/> as a crash would (SIGKILL): its connections drop, nothing is drained.</summary>
    public async Task KillAsync(int node)
    {
        if (_nodes[node] is { } process)
        {
            await process.KillAsync();
        }
    }

    /// <summary>Waits until every live node's <c>/health/ready</c> says <paramref name="ready"/> (it fails while Redis is away).</summary>
    public async Task WaitForReadinessAsync(bool ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        for (var node = 0; node < _nodes.Length; node++)
        {
            if (_nodes[node] is not { HasExited: false })
            {
                continue;
            }

            while (await IsReadyAsync(http, node) != ready)
            {
                Assert.True(DateTime.UtcNow < deadline, $"node{node} never became {(ready ? "ready" : "unready")}:\n{OutputOf(node)}");
                await Task.Delay(50);
            }
        }
    }

    /// <summary>What node <paramref name="node"/> wrote to its console (for failure messages).</summary>
    public string OutputOf(int node) => _nodes[node]?.Output ?? "";

    /// <summary>Registers a user and creates its client (not connected yet) over a fresh store, homed on <paramref name="node"/>.</summary>
    public async Task<Party> CreateAsync(string prefix, int node)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        var party = Open(name, node);
        var session = await party.Client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return party with { Id = new UserId(session.User.Id) };
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

        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        await Redis.DisposeAsync();
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartNodeAsync(int node)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = _urls[node].GetLeftPart(UriPartial.Authority),
            ["DOTNET_gcServer"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Chatalot__DataDirectory"] = DataDirectory(node),
            ["Chatalot__RegistrationMode"] = nameof(RegistrationMode.Open),
            ["Chatalot__SetupCode"] = ChatalotTestServer.SetupCode,
            ["Chatalot__Database__Provider"] = "PostgreSql",
            ["Chatalot__Database__ConnectionString"] = _database.ConnectionString,
            ["Chatalot__Auth__Argon2MemoryKib"] = "8192",
            ["Chatalot__Auth__Argon2Iterations"] = "1",
            ["Chatalot__Auth__TokenSigningKey"] = _tokenSigningKey,
            ["Chatalot__Auth__DataProtectionKeysDirectory"] = Path.Combine(_directory, "data-protection-keys"),
            ["Chatalot__RateLimits__Enabled"] = "false",
            ["Chatalot__Gateway__HeartbeatInterval"] = "00:00:00.500",
            ["Chatalot__ScaleOut__RedisConfiguration"] = Redis.Configuration,
            ["Chatalot__ScaleOut__KeyPrefix"] = _keyPrefix,
            ["Chatalot__ScaleOut__NodeName"] = "node" + node.ToString(CultureInfo.InvariantCulture),
        };
        // Nodes of one deployment share its franking keys file (FrankingKeys.cs); the node makes its data folder owner-only.
        var data = Directory.CreateDirectory(DataDirectory(node));
        File.WriteAllText(Path.Combine(data.FullName, "franking.keys"), _frankingKeys);
        var process = SampleProcess.Start("Chatalot.Samples.Server", _directory, environment);
        _nodes[node] = process;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await IsReadyAsync(http, node))
        {
            Assert.False(process.HasExited, $"node{node} exited while starting:\n{process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"node{node} never became ready:\n{process.Output}");
            await Task.Delay(100);
        }
    }

    private string DataDirectory(int node) => Path.Combine(_directory, "node" + node.ToString(CultureInfo.InvariantCulture));

    private async Task<bool> IsReadyAsync(HttpClient http, int node)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(_urls[node], "health/ready"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private Party Open(string name, int node)
    {
        // The preferred node first, then the others in turn: each node's clients fail over to the next one.
        var proxy = new FailoverProxy(Enumerable.Range(0, _urls.Length).Select(i => _urls[(node + i) % _urls.Length]));
        _proxies.Add(proxy);
        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        _loggers.Add(loggers);
        var storePath = Path.Combine(_directory, name + ".db");
        var client = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = proxy.Address,
            Username = name,
            Password = Password,
            StorePath = storePath,
            StorePassphrase = StorePassphrase,
            KeyRecovery = ClientHarness.FastKeyRecovery,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
        }, loggers);
        _clients.Add(client);
        var seen = new ConcurrentQueue<ChatalotEvent>();
        client.Events.On<ChatalotEvent>((e, _) =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        return new Party(client, seen, default, name, storePath, logs.Lines);
    }
}
