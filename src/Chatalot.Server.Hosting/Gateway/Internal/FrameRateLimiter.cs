using System.Diagnostics;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Per-connection token bucket for inbound frames (gateway.md §Errors and limits: burst, then a steady rate). Tokens are
/// refilled lazily from the elapsed time when a frame arrives, so an idle connection costs no timer: with
/// <c>TokenBucketRateLimiter</c>'s auto-replenishment every connection owned a timer firing each second, which at
/// 10,000 idle connections was most of the server's idle CPU. Used by one receive loop at a time; not thread-safe.
/// Wall-clock time on purpose (as the replaced limiter), so fake test clocks do not starve it.
/// </summary>
internal sealed class FrameRateLimiter(int burst, int perSecond)
{
    private double _tokens = burst;
    private long _last = Stopwatch.GetTimestamp();

    /// <summary>Takes one token; false when the bucket is empty (the frame is refused).</summary>
    public bool TryAcquire()
    {
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * perSecond));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
