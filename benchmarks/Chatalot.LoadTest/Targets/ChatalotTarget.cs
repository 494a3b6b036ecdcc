using System.Net.Http.Headers;
using System.Security.Cryptography;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Serialization;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// The Chatalot sample server as a load target: one process, or a cluster of nodes sharing one PostgreSQL database and
/// one Redis (<see cref="StartClusterAsync"/>). Set-up goes through the public REST API of the first node: <c>users</c>
/// accounts join one community whose group holds the channels; connection <c>i</c> authenticates as user
/// <c>i mod users</c> on node <c>(i / channels) mod nodes</c>, so each channel's members are spread evenly over the nodes
/// (its publisher, connection <c>k</c>, is on the first) and (N−1)/N of the deliveries cross the backplane.
/// </summary>
public sealed class ChatalotTarget : ILoadTarget
{
    private readonly int _users;
    private readonly HttpClient _http;
    private readonly string? _sharedDirectory;
    private string[] _tokens = [];
    private Guid[] _channelIds = [];

    private ChatalotTarget(string name, IReadOnlyList<ServerProcess> servers, int users, string? sharedDirectory, int? redisPid)
    {
        Name = name;
        Servers = servers;
        _users = users;
        _sharedDirectory = sharedDirectory;
        RedisPid = redisPid;
        _http = new HttpClient { BaseAddress = new Uri(servers[0].HttpBase, ProtocolVersion.ApiPrefix.Trim('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public IReadOnlyList<ServerProcess> Servers { get; }

    /// <summary>The cluster's Redis when the tool started it itself (its CPU is then measured too).</summary>
    public int? RedisPid { get; }

    public bool Durable => true;

    /// <summary>Target name of a run on <paramref name="nodes"/> nodes over PostgreSQL (<c>chatalot-pg</c> for one).</summary>
    public static string ClusterName(int nodes) => nodes == 1 ? "chatalot-pg" : $"chatalot-pg-{nodes}n";

    public static async Task<ChatalotTarget> StartAsync(LoadOptions options, string? postgres, CancellationToken cancellationToken)
    {
        var start = new ServerStart(BuildOutput.ServerDll("Chatalot.Samples.Server"), ServerArguments())
        {
            Environment = postgres is null ? new Dictionary<string, string>() : DatabaseEnvironment(postgres),
        };
        var server = await ServerProcess.StartAsync(start, options, cancellationToken);
        return new ChatalotTarget(postgres is null ? "chatalot" : "chatalot-pg", [server], options.Users, null, null);
    }

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes on one fresh PostgreSQL database and <paramref name="redis"/>, with the same
    /// token signing key and franking keys (as a deployment shares them) and a key prefix of their own, and waits for
    /// every node's <c>/health/ready</c>. One node is a plain server on PostgreSQL, without Redis: the baseline.
    /// </summary>
    public static async Task<ChatalotTarget> StartClusterAsync(LoadOptions options, string postgres, ClusterRedis redis, int nodes, CancellationToken cancellationToken)
    {
        if (nodes == 1)
        {
            return await StartAsync(options, postgres, cancellationToken);
        }

        var shared = Directory.CreateTempSubdirectory("chatalot-load-cluster-").FullName;
        var environment = new Dictionary<string, string>(DatabaseEnvironment(postgres))
        {
            ["Chatalot__Auth__TokenSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Chatalot__Auth__DataProtectionKeysDirectory"] = Path.Combine(shared, "data-protection-keys"),
            ["Chatalot__ScaleOut__RedisConfiguration"] = redis.Configuration,
            ["Chatalot__ScaleOut__KeyPrefix"] = "chatalot-load-" + Guid.NewGuid().ToString("N")[..8],
        };
        // Nodes of one deployment share its franking keys file (the sample server reads it from its data folder).
        var files = new Dictionary<string, string> { ["data/franking.keys"] = "1 " + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n" };
        ServerStart Node(int node) => new(BuildOutput.ServerDll("Chatalot.Samples.Server"), ServerArguments())
        {
            Label = $"node{node}",
            Environment = new Dictionary<string, string>(environment) { ["Chatalot__ScaleOut__NodeName"] = $"load-node{node}" },
            Files = files,
            HealthPath = "health/ready",
        };

        var servers = new ServerProcess?[nodes];
        try
        {
            // The first node migrates the fresh database alone; the others then start side by side.
            servers[0] = await ServerProcess.StartAsync(Node(0), options, cancellationToken);
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(async n => servers[n] = await ServerProcess.StartAsync(Node(n), options, cancellationToken)));
        }
        catch
        {
            foreach (var server in servers)
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }

            DeleteDirectory(shared);
            throw;
        }

        return new ChatalotTarget(ClusterName(nodes), servers!, options.Users, shared, redis.Pid);
    }

    private static List<string> ServerArguments() =>
        [
            "--Chatalot:DataDirectory=data",
            "--Chatalot:RegistrationMode=Open",
            // Whichever account registers first claims the fresh server with the preset setup code.
            "--Chatalot:SetupCode=BENCHMARK-SETUP-CODE",
            // The load generator is one client address opening thousands of connections: request rate limits and the
            // per-connection frame bucket would measure the limiter, not the server.
            "--Chatalot:RateLimits:Enabled=false",
            "--Chatalot:Gateway:RateLimitPerSecond=1000000",
            "--Chatalot:Gateway:RateLimitBurst=1000000",
            // Idle-density runs stay silent for minutes; the SignalR baseline gets the same relaxed keep-alive.
            "--Chatalot:Gateway:HeartbeatInterval=00:10:00",
            "--Chatalot:Auth:AccessTokenLifetime=02:00:00",
            "--Logging:LogLevel:Default=Warning",
        ];

    // A fresh database per target; in the environment, not on the command line, where its password would show in ps.
    private static Dictionary<string, string> DatabaseEnvironment(string postgres) => new()
    {
        ["Chatalot__Database__Provider"] = "PostgreSql",
        ["Chatalot__Database__ConnectionString"] = $"{postgres};Database=chatalot_load_{Guid.NewGuid().ToString("N")[..12]}",
    };

    public async Task PrepareAsync(int channels, CancellationToken cancellationToken)
    {
        var owner = await RegisterAsync("load0", cancellationToken);
        var tokens = new string[_users];
        tokens[0] = owner;
        var community = await PostAsync<CreateCommunityRequest, Community>(owner, "communities", new("Load test"), cancellationToken);
        var group = await PostAsync<CreateGroupRequest, Group>(owner, $"communities/{community.Id}/groups", new("Load"), cancellationToken);
        _channelIds = new Guid[channels];
        for (var c = 0; c < channels; c++)
        {
            var channel = await PostAsync<CreateChannelRequest, Channel>(owner, $"groups/{group.Id}/channels", new($"load-{c}"), cancellationToken);
            _channelIds[c] = channel.Id;
        }

        var invite = await PostAsync<CreateInviteRequest, Invite>(owner, $"communities/{community.Id}/invites", new(), cancellationToken);
        await Parallel.ForAsync(1, _users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (u, ct) =>
        {
            tokens[u] = await RegisterAsync($"load{u}", ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"invites/{invite.Code}/accept");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[u]);
            using var response = await _http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        _tokens = tokens;
    }

    public async Task<LoadConnection> ConnectAsync(int index, CancellationToken cancellationToken) =>
        await ChatalotConnection.ConnectAsync(new Uri($"ws://127.0.0.1:{Servers[index / Math.Max(1, _channelIds.Length) % Servers.Count].Port}{ProtocolVersion.GatewayPath}"), _tokens[index % _tokens.Length], index, _channelIds, cancellationToken);

    private async Task<string> RegisterAsync(string username, CancellationToken cancellationToken)
    {
        var auth = await PostAsync<RegisterRequest, AuthResponse>(null, "auth/register", new(username, "load-test-password-1", SetupCode: "BENCHMARK-SETUP-CODE"), cancellationToken);
        await SendAsync<DeviceKeysUpload, DeviceInfo>(HttpMethod.Put, auth.AccessToken, "keys/devices/1", LoadDeviceKeys.Create(), cancellationToken);
        return auth.AccessToken;
    }

    private Task<TResponse> PostAsync<TRequest, TResponse>(string? token, string path, TRequest body, CancellationToken cancellationToken) =>
        SendAsync<TRequest, TResponse>(HttpMethod.Post, token, path, body, cancellationToken);

    private async Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string? token, string path, TRequest body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new ByteArrayContent(ChatalotJson.SerializeToUtf8Bytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        }

        return ChatalotJson.Deserialize<TResponse>(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        if (_sharedDirectory is not null)
        {
            DeleteDirectory(_sharedDirectory);
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
