namespace Chatalot.Client.Connection.Internal;

/// <summary>Holds the current <see cref="ConnectionState"/> and publishes every change, in order, as an event.</summary>
internal sealed class ConnectionStateTracker(EventHub events, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private ConnectionState _state = ConnectionState.Disconnected;

    public ConnectionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Moves to <paramref name="next"/>; a no-op when already there, and <see cref="ConnectionState.Closed"/> is final.</summary>
    /// <returns>Whether the state changed.</returns>
    public bool TransitionTo(ConnectionState next, string? reason = null, Exception? exception = null, int attempt = 0, TimeSpan? retryIn = null)
    {
        ConnectionStateChanged change;
        lock (_lock)
        {
            if (_state == next && next != ConnectionState.Reconnecting || _state == ConnectionState.Closed)
            {
                return false;
            }

            change = new ConnectionStateChanged
            {
                Previous = _state,
                Current = next,
                Reason = reason,
                Exception = exception,
                Attempt = attempt,
                RetryIn = retryIn,
                ReceivedAt = timeProvider.GetUtcNow(),
            };
            _state = next;

            // Published under the lock so that changes enter the (ordered) hub in the order they happened.
            events.Publish(change);
        }

        return true;
    }
}
