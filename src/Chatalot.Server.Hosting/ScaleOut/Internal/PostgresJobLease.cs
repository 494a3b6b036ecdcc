using System.Diagnostics;
using System.Globalization;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// One node per tick in a cluster. The tick's work runs inside a short transaction holding
/// <c>pg_try_advisory_xact_lock(job key)</c>: the lock ends with the transaction, so it cannot be orphaned on a pooled
/// backend the way a session lock is under PgBouncer transaction pooling, and a node that dies mid-tick releases it
/// with its connection. The lock only excludes nodes ticking <em>at the same time</em>; a node whose timer fires a
/// moment after the winner finished would run the tick again, so the winner also records the run in Redis
/// (<c>{prefix}:job:{name}</c>: node and time) and a node that finds a run within half a period skips. The record also
/// says which node ran each job last (<c>redis-cli HGETALL</c>), as does the log line of every run.
/// </summary>
internal sealed partial class PostgresJobLease(IServiceScopeFactory scopes, RedisConnection redis, TimeProvider time, ILogger<PostgresJobLease> logger) : IJobLease
{
    private long _ran;
    private long _skipped;

    /// <summary>Ticks this node ran.</summary>
    public long Ran => Interlocked.Read(ref _ran);

    /// <summary>Ticks this node left to another node.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public async Task<bool> RunAsync(ClusterJob job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({job.LockKey}) AS \"Value\"")
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (!locked || await RanRecentlyAsync(job, now).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _skipped);
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        await work(cancellationToken).ConfigureAwait(false);
        await RecordAsync(job, now).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _ran);
        LogRan(logger, job.Name, redis.NodeName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    private async Task<bool> RanRecentlyAsync(ClusterJob job, DateTimeOffset now)
    {
        try
        {
            var at = await redis.Database.HashGetAsync(redis.Key("job:" + job.Name), "at").ConfigureAwait(false);
            return at.TryParse(out long ms) && now.ToUnixTimeMilliseconds() - ms < job.Period.TotalMilliseconds / 2;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false; // the jobs are idempotent: a second run in one tick wastes work, skipping one would not be noticed
        }
    }

    private async Task RecordAsync(ClusterJob job, DateTimeOffset now)
    {
        try
        {
            var key = redis.Key("job:" + job.Name);
            var batch = redis.Database.CreateBatch();
            var set = batch.HashSetAsync(key, [new("at", now.ToUnixTimeMilliseconds()), new("node", redis.NodeName), new("when", now.ToString("O", CultureInfo.InvariantCulture))]);
            var expire = batch.KeyExpireAsync(key, job.Period * 4);
            batch.Execute();
            await Task.WhenAll(set, expire).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogNotRecorded(logger, job.Name, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2630, Level = LogLevel.Information, Message = "Job {Job} ran on node {NodeName} in {ElapsedMs:0} ms")]
    private static partial void LogRan(ILogger logger, string job, string nodeName, double elapsedMs);

    [LoggerMessage(EventId = 2631, Level = LogLevel.Warning, Message = "Job {Job} ran but its run could not be recorded in Redis ({Reason}); another node may repeat this tick")]
    private static partial void LogNotRecorded(ILogger logger, string job, string reason);
}
