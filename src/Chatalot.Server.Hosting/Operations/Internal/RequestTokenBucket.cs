using System.Threading.RateLimiting;

namespace Chatalot.Server.Hosting.Operations.Internal;

/// <summary>
/// The per-address request limit (rest.md §Rate limits): a bucket of <c>burst</c> tokens refilled continuously at
/// <c>perSecond</c>, so any window of <c>t</c> seconds admits at most <c>burst + perSecond × t</c> requests.
/// <c>TokenBucketRateLimiter</c> refills in whole periods on a wall-clock timer, so a burst that straddled a refill
/// tick was admitted <c>burst + TokensPerPeriod</c> (the audit's 52–100 for a burst of 50); this one refills lazily from
/// the host's <see cref="TimeProvider"/> on each acquire, which also lets tests freeze time. No queueing: an empty bucket
/// refuses at once with the time until the next token as <see cref="MetadataName.RetryAfter"/>.
/// </summary>
internal sealed class RequestTokenBucket(TimeProvider time, int burst, int perSecond) : RateLimiter
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _refilledAt = time.GetTimestamp();
    private long _usedAt = time.GetTimestamp();
    private long _admitted;
    private long _refused;

    /// <summary>Idle only when full: dropping a full bucket and recreating it later (full) changes nothing.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= burst ? time.GetElapsedTime(_usedAt) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _admitted,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, burst);
        lock (_gate)
        {
            Refill();
            _usedAt = _refilledAt;
            var wanted = Math.Max(1, permitCount);
            if (_tokens >= wanted)
            {
                _tokens -= permitCount;
                _admitted++;
                return Lease.Admitted;
            }

            _refused++;
            return new Lease(TimeSpan.FromSeconds((wanted - _tokens) / perSecond));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
        _refilledAt = now;
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Admitted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
