using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Keys.Internal;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// The bundle fetch caps of <see cref="BundleFetchLimiter"/> for the whole cluster: a Redis token bucket per fetcher and
/// per (fetcher, target) holding an hour's fetches and refilled over the hour (instead of fixed hourly windows).
/// </summary>
internal sealed class ClusterBundleFetchLimiter(RedisTokenBuckets buckets, IOptions<ChatalotServerOptions> options) : IBundleFetchLimiter
{
    private readonly ChatalotRateLimitOptions _limits = options.Value.RateLimits;

    public async ValueTask AcquireAsync(Guid fetcher, Guid target, int devices)
    {
        var perFetcher = _limits.BundleFetchesPerHour;
        if (await buckets.TryTakeAsync($"bundles:{fetcher:N}", perFetcher, perFetcher / 3600.0, Math.Clamp(devices, 1, perFetcher)).ConfigureAwait(false) is { } wait)
        {
            throw Fail.RateLimited(wait);
        }

        if (fetcher != target)
        {
            var perTarget = _limits.BundleFetchesPerTargetPerHour;
            if (await buckets.TryTakeAsync($"bundles:{fetcher:N}:{target:N}", perTarget, perTarget / 3600.0, 1).ConfigureAwait(false) is { } waitTarget)
            {
                throw Fail.RateLimited(waitTarget);
            }
        }
    }
}
