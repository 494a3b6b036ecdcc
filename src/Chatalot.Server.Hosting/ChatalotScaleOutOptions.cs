namespace Chatalot.Server.Hosting;

/// <summary>
/// Running several server nodes as one cluster, bound from <c>Chatalot:ScaleOut</c>. Leave
/// <see cref="RedisConfiguration"/> unset for a single node (the default: nothing shared, no Redis). With it set, every
/// node must use the same PostgreSQL database and the same Redis; see docs/articles/scaling.md.
/// </summary>
public sealed record ChatalotScaleOutOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string (for example <c>redis.internal:6379,password=…</c>). When set, events
    /// fan out through Redis, and caches, presence, typing, rate limits, lockout and background jobs are shared by every
    /// node. Never logged.
    /// </summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>
    /// Prefix of every Redis key and pub/sub channel, so several clusters can share one Redis. Default: <c>chatalot</c>.
    /// </summary>
    public string KeyPrefix { get; init; } = "chatalot";

    /// <summary>
    /// This node's name in logs, metrics and health output. Default: the machine name and process id, which is unique
    /// per process.
    /// </summary>
    public string? NodeName { get; init; }

    /// <summary>Whether a Redis configuration is set, making this node one of a cluster.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(RedisConfiguration);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.Length > 64 || KeyPrefix.Any(c => char.IsWhiteSpace(c) || c is '{' or '}'))
        {
            throw new InvalidOperationException("Chatalot:ScaleOut:KeyPrefix must be 1-64 characters without spaces or braces.");
        }

        if (NodeName is { Length: > 128 })
        {
            throw new InvalidOperationException("Chatalot:ScaleOut:NodeName must be at most 128 characters.");
        }
    }

    /// <summary>Redacts the Redis configuration, which may hold a password.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"ChatalotScaleOutOptions {{ Enabled = {Enabled}, KeyPrefix = {KeyPrefix}, NodeName = {NodeName} }}";
}
