namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>
/// Runs one tick of a <see cref="ClusterJob"/> unless another node runs (or already ran) this tick: every job's timer
/// fires on every node, and the lease lets one of them through. <see cref="LocalJobLease"/> on a single node;
/// <c>ScaleOut.Internal.PostgresJobLease</c> in a cluster.
/// </summary>
internal interface IJobLease
{
    /// <summary>Runs <paramref name="work"/> if this node holds the tick; returns whether it ran.</summary>
    Task<bool> RunAsync(ClusterJob job, Func<CancellationToken, Task> work, CancellationToken cancellationToken);
}

/// <summary>A single node: every tick is this node's.</summary>
internal sealed class LocalJobLease : IJobLease
{
    public async Task<bool> RunAsync(ClusterJob job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await work(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
