using System.Diagnostics;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Caps the unsolicited error frames about bad input (<c>invalid_frame</c> without a request id, <c>rate_limited</c>)
/// on a connection: a small burst, then one per second, counting the ones held back so the next can say how many. A
/// client flooding bad frames thus cannot make the server write one error per frame (gateway.md §Errors and limits).
/// Used by one receive loop at a time; not thread-safe. Wall-clock time like <see cref="FrameRateLimiter"/>, and for
/// the same reason; refilled lazily, so it costs no timer.
/// </summary>
internal sealed class ErrorFrameThrottle(int burst, TimeSpan interval)
{
    private double _tokens = burst;
    private long _last = Stopwatch.GetTimestamp();
    private int _suppressed;

    /// <summary>True when an error may be sent now; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryPass(out int suppressed)
    {
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (Stopwatch.GetElapsedTime(_last, now) / interval));
        _last = now;
        if (_tokens < 1)
        {
            _suppressed++;
            suppressed = 0;
            return false;
        }

        _tokens -= 1;
        suppressed = _suppressed;
        _suppressed = 0;
        return true;
    }
}
