using System.Security.Cryptography;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Reports.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.ScaleOut.Internal;

/// <summary>
/// Refuses to start a node whose token signing key or franking keys differ from the cluster's. Each node generates
/// its own on first start unless the data folder is shared or the keys are configured, and a cluster of mismatched
/// nodes fails in confusing ways (tokens valid on one node only, reports that never verify). The first node records a
/// fingerprint in Redis (HMACs of a fixed label under the keys, which reveal nothing of them); the others compare.
/// </summary>
internal sealed partial class ClusterSecretsCheck(RedisConnection redis, AccessTokenService tokens, FrankingKeys franking, ILogger<ClusterSecretsCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mine = Convert.ToHexString(SHA256.HashData([.. tokens.KeyFingerprint(), .. franking.Fingerprint()]));
        string? recorded;
        try
        {
            var key = redis.Key("cluster:secrets-fingerprint");
            await redis.Database.StringSetAsync(key, mine, when: StackExchange.Redis.When.NotExists).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            recorded = await redis.Database.StringGetAsync(key).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogNotChecked(logger, ex.Message);
            return;
        }

        if (recorded != mine)
        {
            throw new InvalidOperationException(
                "This node's token signing key or franking keys differ from the other nodes' of this cluster. Share the data "
                + "folder between nodes (token-signing.key, franking.keys, data-protection-keys/), or configure "
                + "Chatalot:Auth:TokenSigningKey and copy franking.keys to every node. See docs/articles/hosting.md.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2660, Level = LogLevel.Warning, Message = "Could not check that this node's keys match the cluster's (Redis unavailable: {Reason})")]
    private static partial void LogNotChecked(ILogger logger, string reason);
}
