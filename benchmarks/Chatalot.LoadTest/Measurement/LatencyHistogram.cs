namespace Chatalot.LoadTest.Measurement;

/// <summary>
/// Lock-free latency histogram: 10 µs buckets up to 10 s (1 M counters, 8 MB), exact maximum. Recording is one
/// interlocked increment, so receive loops never contend on a lock.
/// </summary>
public sealed class LatencyHistogram
{
    private const int BucketMicros = 10;
    private const int Buckets = 1_000_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double MaxMs => Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        var bucket = (int)Math.Min(micros / BucketMicros, Buckets);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _maxMicros)))
        {
            if (Interlocked.CompareExchange(ref _maxMicros, micros, seen) == seen)
            {
                break;
            }
        }
    }

    /// <summary>Percentile in milliseconds (upper edge of the bucket holding it).</summary>
    public double PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        long running = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            running += _counts[i];
            if (running >= rank)
            {
                return Math.Min((i + 1) * BucketMicros / 1000.0, MaxMs);
            }
        }

        return MaxMs;
    }
}
