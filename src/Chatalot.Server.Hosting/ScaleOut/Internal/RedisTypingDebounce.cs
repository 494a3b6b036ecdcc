using Chatalot.Server.Hosting.Gateway.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// The typing debounce for the whole cluster: the first node to <c>SET {prefix}:typing:{user}:{channel} 1 NX PX
/// debounce</c> relays the notice. Redis unreachable: the node-local debounce decides (a user typing on two nodes may
/// then be announced twice per interval, which clients absorb: typing_started only extends an indicator).
/// </summary>
internal sealed class RedisTypingDebounce(RedisConnection redis, IOptions<ChatalotServerOptions> options) : ITypingDebounce
{
    private readonly TypingDebounce _local = new(options);
    private readonly TimeSpan _debounce = options.Value.Gateway.TypingDebounce;

    public async ValueTask<bool> TryStartAsync(Guid userId, Guid channelId, DateTimeOffset now)
    {
        try
        {
            return await redis.Database.StringSetAsync(redis.Key($"typing:{userId:N}:{channelId:N}"), 1, _debounce, When.NotExists).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return _local.TryStart(userId, channelId, now);
        }
    }
}
