using System.Threading.RateLimiting;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// One key's cluster-wide token bucket (<see cref="RedisTokenBuckets"/>) as a <see cref="RateLimiter"/> for ASP.NET
/// Core's rate limiting middleware. It holds no state, so the partitioned limiter may drop it whenever it likes. The
/// synchronous attempt cannot ask Redis and always says "not yet"; the middleware then makes the asynchronous call,
/// which does.
/// </summary>
internal sealed class RedisRateLimiter(RedisTokenBuckets buckets, string name, int burst, double perSecond, TimeProvider time) : RateLimiter
{
    private long _usedAt = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Volatile.Read(ref _usedAt));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotAsked;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _usedAt, time.GetTimestamp());
        var retryAfter = await buckets.TryTakeAsync(name, burst, perSecond, permitCount).ConfigureAwait(false);
        return retryAfter is null ? Lease.Admitted : new Lease(retryAfter);
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Admitted = new(null);

        // Refused without a retry-after: only ever returned by the synchronous attempt, which the middleware follows
        // with the asynchronous acquire.
        public static readonly Lease NotAsked = new(TimeSpan.Zero);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
