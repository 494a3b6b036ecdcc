using System.Net.Http.Headers;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Serialization;

namespace Chatalot.LoadTest.Targets;

/// <summary>
/// The Chatalot sample server as a load target. Set-up goes through the public REST API: <c>users</c> accounts join one
/// community whose group holds the channels; connection <c>i</c> authenticates as user <c>i mod users</c>.
/// </summary>
public sealed class ChatalotTarget : ILoadTarget
{
    private readonly int _users;
    private readonly HttpClient _http;
    private string[] _tokens = [];
    private Guid[] _channelIds = [];

    private ChatalotTarget(string name, ServerProcess server, int users)
    {
        Name = name;
        Server = server;
        _users = users;
        _http = new HttpClient { BaseAddress = new Uri(server.HttpBase, ProtocolVersion.ApiPrefix.Trim('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public ServerProcess Server { get; }

    public bool Durable => true;

    public static async Task<ChatalotTarget> StartAsync(LoadOptions options, string? postgres, CancellationToken cancellationToken)
    {
        List<string> args =
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
        if (postgres is not null)
        {
            var database = "chatalot_load_" + Guid.NewGuid().ToString("N")[..12];
            args.Add("--Chatalot:Database:Provider=PostgreSql");
            args.Add($"--Chatalot:Database:ConnectionString={postgres};Database={database}");
        }

        var server = await ServerProcess.StartAsync(BuildOutput.ServerDll("Chatalot.Samples.Server"), args, options, cancellationToken);
        return new ChatalotTarget(postgres is null ? "chatalot" : "chatalot-pg", server, options.Users);
    }

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
        await ChatalotConnection.ConnectAsync(new Uri($"ws://127.0.0.1:{Server.Port}{ProtocolVersion.GatewayPath}"), _tokens[index % _tokens.Length], index, _channelIds, cancellationToken);

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
        await Server.DisposeAsync();
    }
}
