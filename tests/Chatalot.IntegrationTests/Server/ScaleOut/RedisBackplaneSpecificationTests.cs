using System.Diagnostics.Metrics;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Chatalot.Server.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>The Redis backplane against the shared conformance kit, on the real test Redis: each node its own multiplexer.</summary>
public sealed class RedisBackplaneSpecificationTests : BackplaneSpecification
{
    private readonly string _prefix = TestRedis.UniquePrefix();

    protected override bool CanInterrupt => true;

    protected override async Task<IReadOnlyList<IChatalotBackplane>> CreateNodesAsync(int count)
    {
        var configuration = await TestRedis.ConfigurationAsync();
        var nodes = new List<IChatalotBackplane>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(RedisNode.Start(configuration, _prefix, $"{_prefix}-node{i}"));
        }

        await WaitUntilAsync(() => nodes.Cast<RedisNode>().All(n => n.Backplane.InSync));
        return nodes;
    }

    /// <summary>Kills the node's Redis connections from the server side, as a network failure would.</summary>
    protected override async Task InterruptAsync(IChatalotBackplane node)
    {
        var redisNode = (RedisNode)node;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(await TestRedis.ConfigurationAsync() + ",allowAdmin=true");
        var server = admin.GetServers()[0];
        var killed = 0;
        foreach (var client in await server.ClientListAsync())
        {
            if (client.Name == redisNode.Connection.ClientName)
            {
                await server.ClientKillAsync(client.Id, skipMe: true);
                killed++;
            }
        }

        Assert.True(killed > 0, "No connection of the node was found to kill.");
    }

    private sealed class RedisNode(RedisConnection connection, RedisBackplane backplane) : IChatalotBackplane, IAsyncDisposable
    {
        public RedisConnection Connection { get; } = connection;

        public RedisBackplane Backplane { get; } = backplane;

        public static RedisNode Start(string configuration, string prefix, string name)
        {
            var options = Options.Create(new ChatalotServerOptions
            {
                ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = configuration, KeyPrefix = prefix, NodeName = name },
            });
            var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
            return new RedisNode(connection, new RedisBackplane(connection, new ChatalotMetrics(new MeterFactory()), NullLogger<RedisBackplane>.Instance));
        }

        public ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken) => Backplane.PublishAsync(message, cancellationToken);

        public IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler) => Backplane.Subscribe(handler);

        public async ValueTask DisposeAsync()
        {
            Backplane.Dispose();
            await Connection.DisposeAsync();
        }
    }

    private sealed class MeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
