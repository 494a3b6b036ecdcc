namespace Chatalot.Client.Messages.Internal;

/// <summary>
/// One async gate per channel, created on first use and dropped when nobody holds or waits for it, so the set stays as
/// small as the number of channels being written to right now.
/// </summary>
internal sealed class ChannelGates : IDisposable
{
    private readonly Dictionary<Guid, Gate> _gates = [];
    private readonly Lock _lock = new();

    public async Task<IDisposable> EnterAsync(Guid channel, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_lock)
        {
            if (!_gates.TryGetValue(channel, out gate!))
            {
                _gates[channel] = gate = new Gate(this, channel);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(gate, release: false);
            throw;
        }

        return gate.Lease();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var gate in _gates.Values)
            {
                gate.Semaphore.Dispose();
            }

            _gates.Clear();
        }
    }

    private void Leave(Gate gate, bool release)
    {
        if (release)
        {
            gate.Semaphore.Release();
        }

        lock (_lock)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(gate.Channel);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate(ChannelGates owner, Guid channel)
    {
        public Guid Channel { get; } = channel;

        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public IDisposable Lease() => new Held(owner, this);
    }

    private sealed class Held(ChannelGates owner, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(gate, release: true);
            }
        }
    }
}
