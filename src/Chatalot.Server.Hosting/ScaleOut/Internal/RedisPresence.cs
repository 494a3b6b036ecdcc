using System.Globalization;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Presence across the cluster. Each node writes its own view of a user (the most present status over the user's
/// sessions on that node, with the chosen custom text) into the hash <c>{prefix}:presence:{user}</c> under its node id,
/// and lists the users it wrote in <c>{prefix}:node:{id}:users</c>. A user's presence is the most present status over the
/// fields of live nodes: those whose heartbeat key <c>{prefix}:node:{id}</c> exists (<see cref="PresenceHeartbeat"/>).
/// A write returns the cluster view before and after it, computed in the same script, so exactly the node whose change
/// altered the view learns that it did and publishes it.
/// </summary>
internal sealed partial class RedisPresence(RedisConnection redis, ILogger<RedisPresence> logger)
{
    // KEYS: the user's presence hash, the node's user set. ARGV: key prefix, node field, new value ("" removes the field),
    // user id. The field being written counts as live in both views: it is this node's own, or a dead node's being reaped
    // (whose entry the cluster showed until now). Values sort by their leading rank digit, so the greatest one wins.
    private const string WriteScript = """
        local function view()
          local best = ''
          local fields = redis.call('HGETALL', KEYS[1])
          for i = 1, #fields, 2 do
            local live = fields[i] == ARGV[2] or redis.call('EXISTS', ARGV[1] .. ':node:' .. fields[i]) == 1
            if live and fields[i + 1] > best then
              best = fields[i + 1]
            end
          end
          return best
        end
        local before = view()
        if ARGV[3] == '' then
          redis.call('HDEL', KEYS[1], ARGV[2])
          redis.call('SREM', KEYS[2], ARGV[4])
        else
          redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
          redis.call('SADD', KEYS[2], ARGV[4])
        end
        return { before, view() }
        """;

    private volatile HashSet<string> _liveNodes = [];

    public string NodeField { get; } = redis.NodeId.ToString("N");

    public RedisKey HeartbeatKey(string nodeField) => redis.Key("node:" + nodeField);

    public RedisKey UsersKey(string nodeField) => redis.Key("node:" + nodeField + ":users");

    public RedisKey NodesKey => redis.Key("nodes");

    /// <summary>
    /// Writes <paramref name="nodeField"/>'s view of a user (null: offline there) and returns the cluster's view after
    /// it if the write changed it, else null.
    /// </summary>
    public async Task<UserPresence?> WriteAsync(Guid userId, string nodeField, PresenceStatus status, string? text, DateTimeOffset? expiresAt)
    {
        var value = status == PresenceStatus.Offline ? "" : Encode(status, text, expiresAt);
        var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(
            WriteScript,
            [redis.Key("presence:" + userId.ToString("N")), UsersKey(nodeField)],
            [redis.Prefix, nodeField, value, userId.ToString("N")]).ConfigureAwait(false))!;
        var before = (string?)result[0] ?? "";
        var after = (string?)result[1] ?? "";
        return before == after ? null : Decode(userId, after);
    }

    /// <summary>The cluster's view of each user, read pipelined: one round trip for a whole snapshot.</summary>
    public async Task<UserPresence[]> ReadAsync(IReadOnlyList<Guid> userIds)
    {
        var batch = redis.Database.CreateBatch();
        var reads = new Task<HashEntry[]>[userIds.Count];
        for (var i = 0; i < userIds.Count; i++)
        {
            reads[i] = batch.HashGetAllAsync(redis.Key("presence:" + userIds[i].ToString("N")));
        }

        batch.Execute();
        await Task.WhenAll(reads).ConfigureAwait(false);
        var live = _liveNodes;
        var views = new UserPresence[userIds.Count];
        for (var i = 0; i < userIds.Count; i++)
        {
            var best = "";
            foreach (var entry in reads[i].Result)
            {
                var field = (string)entry.Name!;
                var value = (string?)entry.Value ?? "";
                if ((field == NodeField || live.Contains(field)) && string.CompareOrdinal(value, best) > 0)
                {
                    best = value;
                }
            }

            views[i] = Decode(userIds[i], best);
        }

        return views;
    }

    /// <summary>Called by the heartbeat with the nodes whose heartbeat key it found.</summary>
    public void SetLiveNodes(HashSet<string> live) => _liveNodes = live;

    public void LogFailure(Exception exception) => LogRedisFailed(logger, exception.GetType().Name);

    private static string Encode(PresenceStatus status, string? text, DateTimeOffset? expiresAt)
    {
        var rank = status switch { PresenceStatus.Online => 3, PresenceStatus.Dnd => 2, PresenceStatus.Idle => 1, _ => 0 };
        return string.Create(CultureInfo.InvariantCulture, $"{rank}|{(int)status}|{expiresAt?.ToUnixTimeMilliseconds()}|{text}");
    }

    private static UserPresence Decode(Guid userId, string value)
    {
        if (value.Length == 0)
        {
            return new UserPresence(userId, PresenceStatus.Offline);
        }

        var parts = value.Split('|', 4);
        var status = (PresenceStatus)int.Parse(parts[1], CultureInfo.InvariantCulture);
        DateTimeOffset? expires = parts[2].Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture));
        return parts[3].Length == 0 ? new UserPresence(userId, status) : new UserPresence(userId, status, parts[3], expires);
    }

    [LoggerMessage(EventId = 2650, Level = LogLevel.Warning, Message = "Presence could not be shared through Redis ({Reason}); this node's own view is used meanwhile")]
    private static partial void LogRedisFailed(ILogger logger, string reason);
}
