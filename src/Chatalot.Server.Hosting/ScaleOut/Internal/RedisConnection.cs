using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// This node's one Redis multiplexer (StackExchange.Redis multiplexes every command and subscription over it), shared by
/// the backplane and every piece of shared state. It connects in the background and keeps reconnecting after an outage;
/// commands fail fast while it is down (no backlog), so callers see the outage instead of piling up behind it.
/// Registered only when <see cref="ChatalotScaleOutOptions.Enabled"/>.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IOptions<ChatalotServerOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var scaleOut = options.Value.ScaleOut;
        Prefix = scaleOut.KeyPrefix;
        NodeId = Guid.CreateVersion7();
        NodeName = scaleOut.NodeName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var config = ConfigurationOptions.Parse(scaleOut.RedisConfiguration ?? throw new InvalidOperationException("Chatalot:ScaleOut:RedisConfiguration is not set."));
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        ClientName = $"chatalot-{NodeName}";
        config.ClientName = ClientName;
        config.ConnectTimeout = 5000;
        config.SyncTimeout = 5000;
        config.AsyncTimeout = 5000;
        config.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        Multiplexer = ConnectionMultiplexer.Connect(config);
        Multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.ConnectionType, e.FailureType);
        Multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(_logger, e.ConnectionType);
    }

    /// <summary>Identifies this process in the cluster; a restarted node is a new node.</summary>
    public Guid NodeId { get; }

    /// <summary>This node's name in logs and health output.</summary>
    public string NodeName { get; }

    /// <summary>The name this node's connections carry in Redis (<c>CLIENT LIST</c>).</summary>
    public string ClientName { get; }

    /// <summary>The prefix of every key and pub/sub channel.</summary>
    public string Prefix { get; }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    public bool IsConnected => Multiplexer.IsConnected;

    /// <summary>A key under this cluster's prefix.</summary>
    public RedisKey Key(string name) => $"{Prefix}:{name}";

    /// <summary>
    /// The heartbeat key of a node (PresenceHeartbeat refreshes this node's): while it exists the node is alive, and
    /// whatever it holds in Redis (presence entries, voice seats) is its own to clean up.
    /// </summary>
    public RedisKey HeartbeatKey(Guid nodeId) => Key("node:" + nodeId.ToString("N"));

    /// <summary>A pub/sub channel under this cluster's prefix.</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal($"{Prefix}:{name}");

    public async ValueTask DisposeAsync() => await Multiplexer.DisposeAsync().ConfigureAwait(false);

    [LoggerMessage(EventId = 2600, Level = LogLevel.Warning, Message = "Redis connection lost ({ConnectionType}: {FailureType}); retrying")]
    private static partial void LogConnectionFailed(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Redis connection restored ({ConnectionType})")]
    private static partial void LogConnectionRestored(ILogger logger, ConnectionType connectionType);
}
