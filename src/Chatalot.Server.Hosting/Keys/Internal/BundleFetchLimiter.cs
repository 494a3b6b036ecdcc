using System.Threading.RateLimiting;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Keys.Internal;

/// <summary>
/// Caps bundle fetches per (fetcher, target) and per fetcher so nobody can drain another user's one-time prekeys
/// (the original's W7). Fixed one-hour windows from System.Threading.RateLimiting.
/// </summary>
internal sealed class BundleFetchLimiter : IBundleFetchLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<(Guid Fetcher, Guid Target)> _perTarget;
    private readonly PartitionedRateLimiter<Guid> _perFetcher;

    public BundleFetchLimiter(IOptions<ChatalotServerOptions> options)
    {
        var limits = options.Value.RateLimits;
        _perTarget = PartitionedRateLimiter.Create<(Guid Fetcher, Guid Target), (Guid, Guid)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.BundleFetchesPerTargetPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        _perFetcher = PartitionedRateLimiter.Create<Guid, Guid>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.BundleFetchesPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
    }

    public ValueTask AcquireAsync(Guid fetcher, Guid target, int devices)
    {
        Acquire(fetcher, target, devices);
        return ValueTask.CompletedTask;
    }

    private void Acquire(Guid fetcher, Guid target, int devices)
    {
        // Fetching your own other devices' bundles is not limited beyond the per-fetcher cap.
        using var a = _perFetcher.AttemptAcquire(fetcher, Math.Max(1, devices));
        if (!a.IsAcquired)
        {
            throw Fail.RateLimited(RetryAfter(a));
        }

        if (fetcher != target)
        {
            using var b = _perTarget.AttemptAcquire((fetcher, target));
            if (!b.IsAcquired)
            {
                throw Fail.RateLimited(RetryAfter(b));
            }
        }
    }

    public void Dispose()
    {
        _perTarget.Dispose();
        _perFetcher.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
}
