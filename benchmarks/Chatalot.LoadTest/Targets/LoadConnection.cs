using System.Net.WebSockets;

namespace Chatalot.LoadTest.Targets;

/// <summary>Receives the decoded test payload of a delivered message (channel index, payload bytes).</summary>
public delegate void DeliveryHandler(LoadConnection connection, ReadOnlySpan<byte> payload);

/// <summary>
/// One WebSocket connection of the load generator. Subclasses speak one protocol (the Chatalot gateway or the SignalR JSON
/// hub protocol); this class owns the socket, a single receive loop and a send lock (a WebSocket allows one send at a time).
/// </summary>
public abstract class LoadConnection : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private byte[] _buffer = new byte[2048];
    private Task? _receiveLoop;
    private TaskCompletionSource<bool>? _pendingReply;
    private string? _pendingReplyKind;

    protected LoadConnection(ClientWebSocket socket, int index)
    {
        Socket = socket;
        Index = index;
    }

    public int Index { get; }

    public int Channel { get; set; } = -1;

    /// <summary>Tracking slot the scenario attached (delivery bitmap of the current step).</summary>
    public object? Tracking { get; set; }

    public DeliveryHandler? OnDelivery { get; set; }

    public Action<LoadConnection, long>? OnAck { get; set; }

    public Action<LoadConnection, string>? OnError { get; set; }

    public bool Closed { get; private set; }

    protected ClientWebSocket Socket { get; }

    /// <summary>Joins channel <paramref name="channel"/> and waits for the server's confirmation.</summary>
    public abstract Task SubscribeAsync(int channel, CancellationToken cancellationToken);

    /// <summary>Sends a message with an opaque payload; the acknowledgement arrives through <see cref="OnAck"/> with <paramref name="requestId"/>.</summary>
    public abstract ValueTask SendMessageAsync(int channel, long requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// Sends what a live client sends periodically (Chatalot: <c>heartbeat {last_seq}</c>, which also lets the server drop
    /// acknowledged events from its resume buffer; SignalR: a ping).
    /// </summary>
    public abstract ValueTask HeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>Handles one complete text message from the server.</summary>
    protected abstract void HandleMessage(ReadOnlySpan<byte> message);

    protected void StartReceiving() => _receiveLoop = Task.Run(ReceiveLoopAsync);

    protected async Task<bool> ExpectReplyAsync(string kind, Func<Task> send, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingReplyKind = kind;
        _pendingReply = tcs;
        await send();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var reg = timeout.Token.Register(() => tcs.TrySetCanceled());
        return await tcs.Task;
    }

    /// <summary>Completes a pending <see cref="ExpectReplyAsync"/> when <paramref name="kind"/> is the awaited reply.</summary>
    protected void Reply(string kind, bool ok)
    {
        if (_pendingReplyKind == kind && _pendingReply is { } tcs)
        {
            _pendingReply = null;
            _pendingReplyKind = null;
            tcs.TrySetResult(ok);
        }
    }

    protected async ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await Socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested && Socket.State == WebSocketState.Open)
            {
                var result = await Socket.ReceiveAsync(_buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == _buffer.Length)
                    {
                        var bigger = new byte[_buffer.Length * 2];
                        _buffer.AsSpan(0, filled).CopyTo(bigger);
                        _buffer = bigger;
                    }

                    continue;
                }

                HandleMessage(_buffer.AsSpan(0, filled));
                filled = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Closed = true;
            _pendingReply?.TrySetResult(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        if (_receiveLoop is not null)
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
