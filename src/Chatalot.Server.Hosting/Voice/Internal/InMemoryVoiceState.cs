namespace Chatalot.Server.Hosting.Voice.Internal;

/// <summary>A single node's voice state: connection state, not history, so it lives in memory.</summary>
internal sealed class InMemoryVoiceState : IVoiceState, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, List<VoiceSeat>> _channels = [];
    private readonly Dictionary<Guid, VoiceSeat> _byUser = [];
    private readonly HashSet<(Guid Channel, Guid User)> _mutedByModerator = [];

    public Guid NodeId => Guid.Empty;

    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    // Reads happen under the gate or, for the read-only routes, without it: the lock below gives them a consistent copy.
    public Task<VoiceSeat?> SeatOfAsync(Guid userId)
    {
        lock (_channels)
        {
            return Task.FromResult(_byUser.GetValueOrDefault(userId));
        }
    }

    public Task<IReadOnlyList<VoiceSeat>> ChannelAsync(Guid channelId)
    {
        lock (_channels)
        {
            return Task.FromResult<IReadOnlyList<VoiceSeat>>(_channels.TryGetValue(channelId, out var seats) ? [.. seats] : []);
        }
    }

    public Task<IReadOnlyList<VoiceSeat>> AllAsync()
    {
        lock (_channels)
        {
            return Task.FromResult<IReadOnlyList<VoiceSeat>>([.. _channels.Values.SelectMany(s => s)]);
        }
    }

    public Task SaveAsync(VoiceSeat seat)
    {
        lock (_channels)
        {
            // Seats are the stored objects themselves here, so a changed seat is already saved; a new one is added.
            if (_byUser.TryGetValue(seat.UserId, out var existing) && ReferenceEquals(existing, seat))
            {
                return Task.CompletedTask;
            }

            if (!_channels.TryGetValue(seat.ChannelId, out var channel))
            {
                _channels[seat.ChannelId] = channel = [];
            }

            channel.Add(seat);
            _byUser[seat.UserId] = seat;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(VoiceSeat seat)
    {
        lock (_channels)
        {
            _byUser.Remove(seat.UserId);
            if (_channels.TryGetValue(seat.ChannelId, out var seats))
            {
                seats.Remove(seat);
                if (seats.Count == 0)
                {
                    _channels.Remove(seat.ChannelId);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsMutedByModeratorAsync(Guid channelId, Guid userId) => Task.FromResult(_mutedByModerator.Contains((channelId, userId)));

    public Task SetMutedByModeratorAsync(Guid channelId, Guid userId, bool muted)
    {
        _ = muted ? _mutedByModerator.Add((channelId, userId)) : _mutedByModerator.Remove((channelId, userId));
        return Task.CompletedTask;
    }

    public Task ClearModeratorMutesAsync(Guid channelId)
    {
        _mutedByModerator.RemoveWhere(m => m.Channel == channelId);
        return Task.CompletedTask;
    }

    public Task<bool> IsNodeAliveAsync(Guid nodeId) => Task.FromResult(true);

    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
