using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Reports.Internal;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>A node whose keys differ from the cluster's refuses to start; nodes sharing the data folder start.</summary>
public sealed class ClusterSecretsCheckTests
{
    [Fact]
    public async Task NodeWithOtherKeys_RefusesToStart_NodeWithTheSameKeysStarts()
    {
        var prefix = TestRedis.UniquePrefix();
        var shared = TempFolder();
        await StartNodeAsync(prefix, shared);
        await StartNodeAsync(prefix, shared);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartNodeAsync(prefix, TempFolder()));
        Assert.Contains("differ from the other nodes", error.Message, StringComparison.Ordinal);
    }

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "chatalot-tests", Guid.NewGuid().ToString("N"));

    private static async Task StartNodeAsync(string prefix, string dataDirectory)
    {
        var options = Options.Create(new ChatalotServerOptions
        {
            DataDirectory = dataDirectory,
            ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = await TestRedis.ConfigurationAsync(), KeyPrefix = prefix },
        });
        await using var redis = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        var check = new ClusterSecretsCheck(redis, new AccessTokenService(options, new Clock(TimeProvider.System)), new FrankingKeys(options), NullLogger<ClusterSecretsCheck>.Instance);
        await check.StartAsync(CancellationToken.None);
    }
}
