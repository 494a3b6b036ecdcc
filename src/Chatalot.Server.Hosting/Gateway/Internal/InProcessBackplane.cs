namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>The single-node backplane: publishing calls the local handlers directly.</summary>
internal sealed class InProcessBackplane : IChatalotBackplane
{
    private readonly Lock _gate = new();
    private Func<ChatalotBackplaneMessage, ValueTask>[] _handlers = [];

    public async ValueTask PublishAsync(ChatalotBackplaneMessage message, CancellationToken cancellationToken)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            await handler(message).ConfigureAwait(false);
        }
    }

    public IDisposable Subscribe(Func<ChatalotBackplaneMessage, ValueTask> handler)
    {
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Registration(this, handler);
    }

    private sealed class Registration(InProcessBackplane owner, Func<ChatalotBackplaneMessage, ValueTask> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._handlers = [.. owner._handlers.Where(h => h != handler)];
            }
        }
    }
}
