using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Readiness in a cluster: Redis answers a PING. A node cut off from Redis can neither fan out nor hear the other nodes,
/// so a load balancer should send new connections elsewhere until it is back.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis, Gateway.IChatalotBackplane backplane) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"Node {redis.NodeName} is not connected to Redis.");
        }

        if (backplane is RedisBackplane { InSync: false })
        {
            return HealthCheckResult.Unhealthy($"Node {redis.NodeName} is reconnecting to the cluster's backplane.");
        }

        try
        {
            var latency = await redis.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Node {redis.NodeName}; Redis answered in {latency.TotalMilliseconds:0.0} ms.");
        }
#pragma warning disable CA1031 // Any failure means "not ready"; the reason is logged by the health check service.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"Node {redis.NodeName} cannot reach Redis.", ex);
        }
    }
}
