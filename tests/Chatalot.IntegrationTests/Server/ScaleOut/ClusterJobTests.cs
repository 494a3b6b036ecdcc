using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.ScaleOut.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>Every node's job timers fire; one node does each tick's work.</summary>
public sealed class ClusterJobTests
{
    [Fact]
    public async Task AttachmentSweep_WithTwoNodes_RunsOncePerTick()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TwoNodeCluster.StartAsync(time: time);
        PostgresJobLease[] leases = [cluster.A.Services.GetRequiredService<PostgresJobLease>(), cluster.B.Services.GetRequiredService<PostgresJobLease>()];
        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(ClusterJob.AttachmentSweep.Period);

            // Both nodes have decided this tick (ran or skipped) before the count is read.
            await Eventually.TrueAsync(() => leases.Sum(l => l.Ran + l.Skipped) == 2 * tick);
            Assert.Equal(tick, leases.Sum(l => l.Ran));
        }
    }

    [Fact]
    public async Task Lease_HeldByAnotherNode_SkipsTheTick()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TwoNodeCluster.StartAsync(time: time);
        var a = cluster.A.Services.GetRequiredService<PostgresJobLease>();
        var b = cluster.B.Services.GetRequiredService<PostgresJobLease>();
        var job = new ClusterJob("test-job", 0x5445_5354_0000_0001, TimeSpan.FromMinutes(1));
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var running = a.RunAsync(job, async _ => { inside.SetResult(); await release.Task; }, CancellationToken.None);
        await inside.Task;

        // B tries while A holds the lock, then again after A recorded its run: both times the tick is A's.
        Assert.False(await b.RunAsync(job, _ => Task.CompletedTask, CancellationToken.None));
        release.SetResult();
        Assert.True(await running);
        Assert.False(await b.RunAsync(job, _ => Task.CompletedTask, CancellationToken.None));

        // The next period is anyone's.
        time.Advance(job.Period);
        Assert.True(await b.RunAsync(job, _ => Task.CompletedTask, CancellationToken.None));
    }
}
