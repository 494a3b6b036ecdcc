using System.Diagnostics;
using Chatalot.LoadTest.Measurement;
using Chatalot.LoadTest.Targets;

namespace Chatalot.LoadTest.Scenarios;

/// <summary>Opens (and later closes) many authenticated connections with bounded concurrency.</summary>
internal static class Connector
{
    /// <summary>
    /// Opens connections <paramref name="from"/>..<paramref name="from"/>+<paramref name="count"/>-1, optionally
    /// subscribing connection i to channel i mod <paramref name="channels"/>; records each connect+authenticate time.
    /// </summary>
    public static async Task<(LoadConnection[] Connections, TimeSpan Elapsed, LatencyHistogram ConnectLatency)> OpenAsync(
        ILoadTarget target, int from, int count, int channels, bool subscribe, int concurrency, CancellationToken cancellationToken)
    {
        var connections = new LoadConnection[count];
        var histogram = new LatencyHistogram();
        var done = 0;
        var clock = Stopwatch.StartNew();
        using (new Progress($"{target.Name}: connecting", () => $"{Volatile.Read(ref done)}/{count}"))
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var c = await target.ConnectAsync(from + i, ct);
                histogram.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (subscribe)
                {
                    await c.SubscribeAsync((from + i) % channels, ct);
                }

                connections[i] = c;
                Interlocked.Increment(ref done);
            });
        }

        return (connections, clock.Elapsed, histogram);
    }

    public static Task CloseAsync(IEnumerable<LoadConnection> connections) =>
        Parallel.ForEachAsync(connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 256 }, (c, _) => c.DisposeAsync());
}
