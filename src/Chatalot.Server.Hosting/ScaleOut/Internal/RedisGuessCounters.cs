using Chatalot.Server.Hosting.Accounts.Internal;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// <see cref="PasswordGuessThrottle"/>'s counts for the whole cluster. Per counter two Redis keys:
/// <c>{prefix}:guess:{counter}</c> holds the failures and expires <see cref="ChatalotAuthOptions.LockoutDuration"/> after
/// the last one (exactly the node-local rule "failures older than the window no longer count", and its TTL is the
/// retry-after), and <c>…:inflight</c> the checks in progress, which expires a minute after the last began so the slots
/// of a node that died mid-check come back. Checking and taking slots is one script, so parallel guesses on several
/// nodes cannot together get more than the threshold of passwords checked.
/// <para>Redis unreachable: <see cref="BeginResult.Reachable"/> is false and the throttle uses the node's own counts.</para>
/// </summary>
internal sealed partial class RedisGuessCounters(RedisConnection redis, ILogger<RedisGuessCounters> logger)
{
    private static readonly TimeSpan InFlightLifetime = TimeSpan.FromMinutes(1);

    // KEYS: failures, in flight (name), failures, in flight (address); ARGV: thresholds (name, address), in-flight TTL ms.
    // Returns -1 (slots taken), -2 (busy: the slots are held by checks in progress) or the failures key's TTL in ms.
    private const string BeginScript = """
        for n = 1, 2 do
          local failures = tonumber(redis.call('GET', KEYS[n * 2 - 1])) or 0
          local inflight = tonumber(redis.call('GET', KEYS[n * 2])) or 0
          local threshold = tonumber(ARGV[n])
          if failures + inflight >= threshold then
            if failures >= threshold then
              return math.max(1, redis.call('PTTL', KEYS[n * 2 - 1]))
            end
            return -2
          end
        end
        for n = 1, 2 do
          redis.call('INCR', KEYS[n * 2])
          redis.call('PEXPIRE', KEYS[n * 2], ARGV[3])
        end
        return -1
        """;

    // KEYS as above; ARGV: outcome (s, f or a), lockout ms. A success clears its own name's failures, never the address's.
    private const string CompleteScript = """
        for n = 1, 2 do
          if redis.call('DECR', KEYS[n * 2]) <= 0 then
            redis.call('DEL', KEYS[n * 2])
          end
          if ARGV[1] == 'f' then
            redis.call('INCR', KEYS[n * 2 - 1])
            redis.call('PEXPIRE', KEYS[n * 2 - 1], ARGV[2])
          end
        end
        if ARGV[1] == 's' then
          redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private int _unreachable;

    public async ValueTask<BeginResult> TryBeginAsync(string counter, int threshold, string addressCounter, int addressThreshold, TimeSpan busyRetry)
    {
        try
        {
            var result = (long)await redis.Database.ScriptEvaluateAsync(BeginScript, Keys(counter, addressCounter), [threshold, addressThreshold, (long)InFlightLifetime.TotalMilliseconds]).ConfigureAwait(false);
            Reached();
            return result switch
            {
                -1 => new BeginResult(true, null),
                -2 => new BeginResult(true, busyRetry),
                _ => new BeginResult(true, TimeSpan.FromMilliseconds(result)),
            };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Unreachable(ex);
            return new BeginResult(false, null);
        }
    }

    public async ValueTask CompleteAsync(string counter, string addressCounter, GuessOutcome outcome, TimeSpan lockout)
    {
        var code = outcome switch { GuessOutcome.Succeeded => "s", GuessOutcome.Failed => "f", _ => "a" };
        try
        {
            await redis.Database.ScriptEvaluateAsync(CompleteScript, Keys(counter, addressCounter), [code, (long)lockout.TotalMilliseconds]).ConfigureAwait(false);
            Reached();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The slots come back when the in-flight keys expire; a failure that could not be counted is lost.
            Unreachable(ex);
        }
    }

    private RedisKey[] Keys(string counter, string addressCounter)
    {
        var name = redis.Key("guess:" + counter);
        var address = redis.Key("guess:" + addressCounter);
        return [name, name.Append(":inflight"), address, address.Append(":inflight")];
    }

    private void Reached()
    {
        if (Volatile.Read(ref _unreachable) == 1 && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            LogShared(logger);
        }
    }

    private void Unreachable(Exception ex)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            LogLocal(logger, ex.GetType().Name);
        }
    }

    /// <summary>What Redis said: not reachable, or the wait before a guess may be made (null: the slots are taken).</summary>
    internal readonly record struct BeginResult(bool Reachable, TimeSpan? RetryAfter);

    [LoggerMessage(EventId = 2640, Level = LogLevel.Warning, Message = "Redis cannot be reached for password guess counts ({Reason}); each node counts its own until it is back")]
    private static partial void LogLocal(ILogger logger, string reason);

    [LoggerMessage(EventId = 2641, Level = LogLevel.Information, Message = "Redis is back; password guesses are counted across the cluster again")]
    private static partial void LogShared(ILogger logger);
}
