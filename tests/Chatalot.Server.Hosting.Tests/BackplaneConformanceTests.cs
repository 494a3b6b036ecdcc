using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Testing;

namespace Chatalot.Server.Hosting.Tests;

/// <summary>The single-node backplane against the shared conformance kit: a cluster of one, seen from three "nodes".</summary>
public sealed class InProcessBackplaneTests : BackplaneSpecification
{
    protected override Task<IReadOnlyList<IChatalotBackplane>> CreateNodesAsync(int count)
    {
        var backplane = new InProcessBackplane();
        return Task.FromResult<IReadOnlyList<IChatalotBackplane>>([.. Enumerable.Repeat<IChatalotBackplane>(backplane, count)]);
    }
}
