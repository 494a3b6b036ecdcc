using System.Threading.Channels;

namespace Chatalot.Client.Events.Internal;

/// <summary>
/// Runs work items one at a time per key and concurrently across keys, always off the caller's thread. The caller
/// (the gateway receive loop) only enqueues: it never waits for a work item, so a slow handler can delay later events
/// of its own channel but never heartbeats or other channels (the failure Discord.Net's awaited handlers have).
/// A key's worker exists only while the key has work, so idle channels cost nothing.
/// </summary>
internal sealed class KeyedSerialExecutor : IAsyncDisposable
{
    private readonly Dictionary<string, Channel<Func<CancellationToken, ValueTask>>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Action<string, Exception> _onError;
    private readonly Action<long>? _onBacklog;
    private TaskCompletionSource _idle = NewIdleSource(completed: true);
    private long _pending;
    private int _workers;
    private bool _disposed;

    public KeyedSerialExecutor(Action<string, Exception> onError, Action<long>? onBacklog = null)
    {
        _onError = onError;
        _onBacklog = onBacklog;
    }

    /// <summary>Number of work items enqueued and not yet finished, across all keys.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Enqueues <paramref name="work"/> after every earlier item with the same key. Never blocks.</summary>
    /// <returns><see langword="false"/> when the executor is disposed.</returns>
    public bool Enqueue(string key, Func<CancellationToken, ValueTask> work)
    {
        Channel<Func<CancellationToken, ValueTask>>? startWorkerFor = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            if (!_queues.TryGetValue(key, out var queue))
            {
                queue = Channel.CreateUnbounded<Func<CancellationToken, ValueTask>>();
                _queues.Add(key, queue);
                startWorkerFor = queue;
                if (_workers++ == 0)
                {
                    _idle = NewIdleSource(completed: false);
                }
            }

            queue.Writer.TryWrite(work);
        }

        var pending = Interlocked.Increment(ref _pending);
        _onBacklog?.Invoke(pending);
        if (startWorkerFor is not null)
        {
            // Task.Run: the worker must never run inline on the receive loop, not even up to its first await.
            _ = Task.Run(() => RunWorkerAsync(key, startWorkerFor));
        }

        return true;
    }

    /// <summary>Completes when every enqueued item has run (or <paramref name="cancellationToken"/> fires).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }

        return idle.WaitAsync(cancellationToken);
    }

    private async Task RunWorkerAsync(string key, Channel<Func<CancellationToken, ValueTask>> queue)
    {
        var token = _shutdown.Token;
        while (true)
        {
            while (queue.Reader.TryRead(out var work))
            {
                try
                {
                    if (!token.IsCancellationRequested)
                    {
                        await work(token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Shutting down: the remaining items are dropped below.
                }
#pragma warning disable CA1031 // A handler's failure must never kill the channel's worker; it is reported instead.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _onError(key, ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }

            lock (_lock)
            {
                // Checked under the lock Enqueue writes under, so an item written after TryRead failed is never stranded.
                if (queue.Reader.Count == 0)
                {
                    _queues.Remove(key);
                    if (--_workers == 0)
                    {
                        _idle.TrySetResult();
                    }

                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task idle;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = _idle.Task;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await idle.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private static TaskCompletionSource NewIdleSource(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
