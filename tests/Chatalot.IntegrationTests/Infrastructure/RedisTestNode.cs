using System.Diagnostics.Metrics;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>One simulated cluster node's Redis side: its own multiplexer and backplane, on the shared test Redis.</summary>
internal sealed class RedisTestNode(RedisConnection connection, RedisBackplane backplane) : IChatalotBackplane, IAsyncDisposable
{
    public RedisConnection Connection { get; } = connection;

    public RedisBackplane Backplane { get; } = backplane;

    public static RedisTestNode Start(string configuration, string prefix, string name)
    {
        var options = Options.Create(new ChatalotServerOptions
        {
            ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = configuration, KeyPrefix = prefix, NodeName = name },
        });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        return new RedisTestNode(connection, new RedisBackplane(connection, new ChatalotMetrics(new MeterFactory()), NullLogger<RedisBackplane>.Instance));
    }

    public ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken) => Backplane.PublishAsync(message, cancellationToken);

    public IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler) => Backplane.Subscribe(handler);

    /// <summary>Kills the node's Redis connections from the server side, as a network failure would; it reconnects by itself.</summary>
    public async Task CutOffAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(await TestRedis.ConfigurationAsync() + ",allowAdmin=true");
        var server = admin.GetServers()[0];
        var killed = 0;
        foreach (var client in await server.ClientListAsync())
        {
            if (client.Name == Connection.ClientName)
            {
                await server.ClientKillAsync(client.Id, skipMe: true);
                killed++;
            }
        }

        Assert.True(killed > 0, "No connection of the node was found to kill.");
    }

    public async ValueTask DisposeAsync()
    {
        Backplane.Dispose();
        await Connection.DisposeAsync();
    }

    private sealed class MeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
