namespace Chatalot.Client.Voice.Internal;

/// <summary>The DM calls ringing on this device, each until it is answered, declined, abandoned or expires.</summary>
internal sealed class CallRings(TimeProvider time, Action<IncomingCall, CallRingEndReason> ended) : IDisposable
{
    /// <summary>How long a call rings at most (calls.md §3).</summary>
    public static readonly TimeSpan RingTime = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, (IncomingCall Call, ITimer Timer)> _ringing = [];

    public IReadOnlyList<IncomingCall> Ringing
    {
        get
        {
            lock (_lock)
            {
                return [.. _ringing.Values.Select(r => r.Call)];
            }
        }
    }

    /// <summary>Starts a ring; false when this call already rings.</summary>
    public bool Start(IncomingCall call)
    {
        lock (_lock)
        {
            if (_ringing.ContainsKey(call.CallerJoinId))
            {
                return false;
            }

            var timer = time.CreateTimer(_ => End(r => r.CallerJoinId == call.CallerJoinId, CallRingEndReason.Expired), null, call.ExpiresAt - time.GetUtcNow(), Timeout.InfiniteTimeSpan);
            _ringing[call.CallerJoinId] = (call, timer);
            return true;
        }
    }

    /// <summary>Ends the rings that match; each ended ring is reported once.</summary>
    public void End(Func<IncomingCall, bool> match, CallRingEndReason reason)
    {
        List<IncomingCall> done = [];
        lock (_lock)
        {
            foreach (var (id, (call, timer)) in _ringing.ToArray())
            {
                if (match(call))
                {
                    timer.Dispose();
                    _ringing.Remove(id);
                    done.Add(call);
                }
            }
        }

        foreach (var call in done)
        {
            ended(call, reason);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, timer) in _ringing.Values)
            {
                timer.Dispose();
            }

            _ringing.Clear();
        }
    }
}
