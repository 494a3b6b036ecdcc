using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Token buckets kept in Redis, so a key (an address, a user) has one budget for the whole cluster: the same shape as
/// <c>RequestTokenBucket</c> (a bucket of <c>burst</c> tokens refilled continuously), refilled, taken from and answered
/// in one Lua script, so concurrent requests on different nodes cannot both take the last token. Time is Redis's own
/// clock, so the nodes' clocks need not agree. A full bucket is no key at all: each key expires when it would be full.
/// <para>
/// Redis unreachable: the request is admitted (fail open, logged once per outage). A Redis outage must not lock every
/// user out; the node-local limits that remain (gateway frames, password guesses) still bound the damage.
/// </para>
/// </summary>
internal sealed partial class RedisTokenBuckets(RedisConnection redis, ILogger<RedisTokenBuckets> logger)
{
    // KEYS[1] bucket; ARGV: burst, tokens per millisecond, permits. Returns -1 when taken, else the milliseconds until
    // enough tokens are back. The hash holds the tokens left and when they were counted (Redis time, ms).
    private const string Script = """
        local burst = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local b = redis.call('HMGET', KEYS[1], 't', 'at')
        local tokens = tonumber(b[1]) or burst
        local at = tonumber(b[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
        local wanted = math.max(1, permits)
        if tokens >= wanted then
          tokens = tokens - permits
          redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
          redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1)
          return -1
        end
        return math.ceil((wanted - tokens) / rate)
        """;

    private int _failingOpen;

    /// <summary>
    /// Takes <paramref name="permits"/> tokens from the bucket <paramref name="name"/>, or says how long until they are
    /// there. <see langword="null"/> means admitted (also when Redis cannot be asked).
    /// </summary>
    public async ValueTask<TimeSpan?> TryTakeAsync(string name, int burst, double perSecond, int permits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, burst);
        try
        {
            var result = (long)await redis.Database.ScriptEvaluateAsync(Script, [redis.Key("rl:" + name)], [burst, perSecond / 1000, permits]).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failingOpen, 0) == 1)
            {
                LogEnforcingAgain(logger);
            }

            return result < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(1, result));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _failingOpen, 1) == 0)
            {
                LogFailingOpen(logger, ex.GetType().Name);
            }

            return null;
        }
    }

    [LoggerMessage(EventId = 2620, Level = LogLevel.Warning, Message = "Redis cannot be reached for rate limits ({Reason}); admitting requests until it is back")]
    private static partial void LogFailingOpen(ILogger logger, string reason);

    [LoggerMessage(EventId = 2621, Level = LogLevel.Information, Message = "Redis is back; cluster rate limits are enforced again")]
    private static partial void LogEnforcingAgain(ILogger logger);
}
