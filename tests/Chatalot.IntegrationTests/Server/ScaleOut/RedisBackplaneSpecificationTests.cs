using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Testing;

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
            nodes.Add(RedisTestNode.Start(configuration, _prefix, $"{_prefix}-node{i}"));
        }

        await WaitUntilAsync(() => nodes.Cast<RedisTestNode>().All(n => n.Backplane.InSync));
        return nodes;
    }

    protected override Task InterruptAsync(IChatalotBackplane node) => ((RedisTestNode)node).CutOffAsync();
}
