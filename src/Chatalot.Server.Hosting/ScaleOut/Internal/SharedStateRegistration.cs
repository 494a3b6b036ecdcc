using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Keys.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Chooses, once at registration, where state that every node must agree on lives: in this process on a single node
/// (the implementations the server always had, at their speed), in Redis and PostgreSQL in a cluster.
/// </summary>
internal static class SharedStateRegistration
{
    public static void Add(IServiceCollection services, ChatalotServerOptions options)
    {
        if (!options.ScaleOut.Enabled)
        {
            services.AddSingleton<IBundleFetchLimiter, BundleFetchLimiter>();
            services.AddSingleton<IJobLease, LocalJobLease>();
            services.AddSingleton<ITypingDebounce, TypingDebounce>();
            return;
        }

        services.AddSingleton<RedisTokenBuckets>();
        services.AddSingleton<RedisGuessCounters>();
        services.AddSingleton<IBundleFetchLimiter, ClusterBundleFetchLimiter>();
        services.AddSingleton<PostgresJobLease>();
        services.AddSingleton<IJobLease>(sp => sp.GetRequiredService<PostgresJobLease>());
        services.AddSingleton<ITypingDebounce, RedisTypingDebounce>();
        services.AddSingleton<RedisPresence>();
        services.AddSingleton<PresenceHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceHeartbeat>());
    }
}
