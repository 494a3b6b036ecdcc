using System.Diagnostics;

namespace Chatalot.ClientLatency;

/// <summary>
/// One message on its way to every member but its sender: the send timestamp and, per client, when its
/// <c>MessageReceived</c> handler ran for it. All timestamps come from <see cref="Stopwatch.GetTimestamp"/> in this process.
/// </summary>
public sealed class Probe
{
    private readonly long[] _arrivals;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public Probe(string text, int clients, int sender)
    {
        Text = text;
        _arrivals = new long[clients];
        Sender = sender;
        _remaining = clients - 1;
    }

    public string Text { get; }

    public int Sender { get; }

    public long SentAt { get; set; }

    public long SendReturnedAt { get; set; }

    public Task Done => _done.Task;

    public void Arrive(int client, long timestamp)
    {
        if (client != Sender && Interlocked.CompareExchange(ref _arrivals[client], timestamp, 0) == 0 && Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Send → handler in milliseconds for every receiver that got it.</summary>
    public IEnumerable<double> Deliveries() =>
        _arrivals.Where((t, i) => i != Sender && Volatile.Read(ref _arrivals[i]) != 0).Select(t => Milliseconds(SentAt, t));

    /// <summary>Send → the last receiver's handler, or null when one has not received it.</summary>
    public double? Last() => Volatile.Read(ref _remaining) == 0 ? Deliveries().Max() : null;

    public double SendCall() => Milliseconds(SentAt, SendReturnedAt);

    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
