namespace Chatalot.Server.Hosting.Keys.Internal;

/// <summary>
/// Caps bundle fetches per (fetcher, target) and per fetcher: <see cref="BundleFetchLimiter"/> on one node,
/// <c>ScaleOut.Internal.ClusterBundleFetchLimiter</c> across a cluster.
/// </summary>
internal interface IBundleFetchLimiter
{
    /// <summary>Takes one fetch of <paramref name="devices"/> bundles, or throws <c>429 rate_limited</c>.</summary>
    ValueTask AcquireAsync(Guid fetcher, Guid target, int devices);
}
