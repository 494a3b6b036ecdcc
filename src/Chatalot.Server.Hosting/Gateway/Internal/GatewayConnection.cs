using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// One WebSocket. Outbound frames go through a bounded queue that at most one drain empties at a time, so frames leave in
/// queue order and a recipient that stops reading fills only its own queue: on overflow the connection is closed with
/// <c>slow_consumer</c> and publishers never wait (docs/protocol/gateway.md §Errors and limits).
/// </summary>
/// <remarks>
/// There is no writer task per connection. The publisher whose frame finds the connection idle drains the queue itself,
/// inline, until a socket write does not complete synchronously; only then does the drain continue asynchronously (and
/// frames queued meanwhile join it). A broadcast therefore costs no thread-pool hop per recipient, and an idle
/// connection holds neither a task, nor a channel, nor a queue array (the queue is trimmed after bursts).
/// </remarks>
internal sealed partial class GatewayConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private static readonly byte[] SeqPrefix = "{\"seq\":"u8.ToArray();

    // A queue that grew past this during a burst (presence snapshot, resume) gives its array back once drained.
    private const int RetainedQueueCapacity = 16;

    private readonly WebSocket _socket;
    private readonly int _queueLimit;
    private readonly ChatalotMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Queue<Outbound> _pending = new();
    private bool _draining;
    private bool _completed;
    private bool _closeSent;
    private (WebSocketCloseStatus Status, string Code)? _close;
    private TaskCompletionSource? _drained;
    private long _deadline = long.MaxValue;
    private GatewayDeadline? _deadlineKind;
    private int _timedOut;

    /// <summary>The client address of the upgrade request, for the session's "last seen from".</summary>
    public string? RemoteAddress { get; init; }

    public GatewayConnection(WebSocket socket, int queueSize, ChatalotMetrics metrics, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _queueLimit = queueSize;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public WebSocket Socket => _socket;

    /// <summary>True once <see cref="GatewayDeadlines"/> closed the connection because the expected frame did not come.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    /// <summary>Queues a frame outside any session lock and starts sending it.</summary>
    public void EnqueueRaw(ReadOnlyMemory<byte> frame)
    {
        if (QueueRaw(frame))
        {
            StartDraining();
        }
    }

    public void EnqueueFrame(ServerFrame frame) => EnqueueRaw(GatewayPublisher.Serialize(frame));

    /// <summary>
    /// Queues a numbered event. Returns true when the caller must call <see cref="StartDraining"/> once it has released its
    /// own locks (a session queues under its lock so that sequence order and queue order agree, but must not send under it).
    /// </summary>
    public bool QueueEvent(long seq, ReadOnlyMemory<byte> body) => Queue(new Outbound(seq, body));

    /// <summary>Queues an unnumbered frame; same contract as <see cref="QueueEvent"/>.</summary>
    public bool QueueRaw(ReadOnlyMemory<byte> frame) => Queue(new Outbound(0, frame));

    /// <summary>Sends what is queued, inline until a write has to wait. Call only after a queue call returned true.</summary>
    public void StartDraining() => _ = DrainAsync();

    /// <summary>Expects a frame from the client within <paramref name="timeout"/>; <see cref="GatewayDeadlines"/> enforces it.</summary>
    public void ExpectFrameWithin(TimeSpan timeout, GatewayDeadline kind)
    {
        _deadlineKind = kind;
        Volatile.Write(ref _deadline, _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency));
    }

    /// <summary>A frame arrived: no deadline runs while it is handled (the next receive sets a new one).</summary>
    public void FrameArrived() => Volatile.Write(ref _deadline, long.MaxValue);

    /// <summary>Closes the connection if its deadline passed; called by the shared sweeper.</summary>
    public void CloseIfOverdue(long now)
    {
        if (now <= Volatile.Read(ref _deadline) || _deadlineKind is not { } kind || Interlocked.Exchange(ref _timedOut, 1) == 1)
        {
            return;
        }

        CloseWith(kind.CloseCode, kind.Code, kind.Message);
    }

    /// <summary>Sends an error frame, then closes with <paramref name="closeCode"/> (a <see cref="GatewayCloseCodes"/> value) and the error code as reason. Later frames are dropped.</summary>
    public void CloseWith(int closeCode, string code, string message)
    {
        bool start;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _close = ((WebSocketCloseStatus)closeCode, code);
            _pending.Enqueue(new Outbound(0, GatewayPublisher.Serialize(new ErrorFrame(code, message))));
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            StartDraining();
        }

        _ = AbortIfStuckAsync();
    }

    /// <summary>
    /// Answers the client's close frame with ours (RFC 6455 §5.5.1) once the queued frames are out; no error frame, the
    /// client asked to close. Later frames are dropped.
    /// </summary>
    public void AcknowledgeClose()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _close = (WebSocketCloseStatus.NormalClosure, ErrorCodes.Closing);
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        StartDraining();
        _ = AbortIfStuckAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Task? wait = null;
        lock (_gate)
        {
            _completed = true;
            if (_draining)
            {
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }
        }

        if (wait is not null)
        {
            // A drain can be stuck in a write to a peer that stopped reading (it may have sent its close already, so
            // CloseWith never ran): abort after the same grace period rather than wait for it forever.
            _ = AbortIfStuckAsync();
            await wait.ConfigureAwait(false);
        }

        // Ends a pending AbortIfStuck delay (nothing is left to abort).
        await _abort.CancelAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    private bool Queue(Outbound item)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (_pending.Count >= _queueLimit)
            {
                // The queue is full: this recipient cannot keep up. Disconnect it rather than buffer without bound or
                // block the publisher; its session stays resumable, so nothing is lost if it reconnects in time.
                _completed = true;
                _close = ((WebSocketCloseStatus)GatewayCloseCodes.SlowConsumer, ErrorCodes.SlowConsumer);
                _pending.Enqueue(new Outbound(0, GatewayPublisher.Serialize(new ErrorFrame(ErrorCodes.SlowConsumer, "The connection fell too far behind; reconnect and resume."))));
                _metrics.SlowConsumer();
                LogSlowConsumer(_logger);
                _ = AbortIfStuckAsync();
            }
            else
            {
                _pending.Enqueue(item);
                _metrics.FramesSent(1);
            }

            if (_draining)
            {
                return false;
            }

            _draining = true;
            return true;
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (TryTake(out var item))
            {
                if (item.Seq > 0)
                {
                    await SendEventAsync(item).ConfigureAwait(false);
                }
                else if (item.Seq < 0)
                {
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        var close = _close!.Value;
                        await _socket.CloseOutputAsync(close.Status, close.Code, _abort.Token).ConfigureAwait(false);
                    }
                }
                else
                {
                    await _socket.SendAsync(item.Data, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The socket went away or was aborted; the reader side notices and detaches the session.
            Abandon();
        }
#pragma warning disable CA1031 // The drain runs unobserved: whatever ends it, the connection must not stay "draining" forever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDrainFailed(_logger, ex);
            Abandon();
            _socket.Abort();
        }
    }

    /// <summary>Stops sending for good after a failed write: later frames are dropped and waiters released.</summary>
    private void Abandon()
    {
        lock (_gate)
        {
            _completed = true;
            _pending.Clear();
            StopDraining();
        }
    }

    /// <summary>Takes the next frame to send, the close marker once a completed queue is empty, or ends the drain.</summary>
    private bool TryTake(out Outbound item)
    {
        lock (_gate)
        {
            if (_pending.TryDequeue(out item))
            {
                return true;
            }

            if (_pending.EnsureCapacity(0) > RetainedQueueCapacity)
            {
                _pending.TrimExcess();
            }

            if (_completed && _close is not null && !_closeSent)
            {
                _closeSent = true;
                item = new Outbound(-1, default);
                return true;
            }

            StopDraining();
            return false;
        }
    }

    private void StopDraining()
    {
        _draining = false;
        _drained?.TrySetResult();
    }

    /// <summary>
    /// Writes <c>{"seq":N,</c> followed by the shared body (minus its opening brace) as one WebSocket message. The body
    /// bytes are shared by every recipient (serialised once per broadcast); the per-recipient work is a copy into a
    /// pooled buffer and one send, rather than a formatted string and two fragments (two frames, two socket writes).
    /// </summary>
    private async ValueTask SendEventAsync(Outbound item)
    {
        var body = item.Data[1..];
        var rented = ArrayPool<byte>.Shared.Rent(SeqPrefix.Length + 21 + body.Length);
        try
        {
            SeqPrefix.CopyTo(rented);
            Utf8Formatter.TryFormat(item.Seq, rented.AsSpan(SeqPrefix.Length), out var digits);
            var length = SeqPrefix.Length + digits;
            rented[length++] = (byte)',';
            body.Span.CopyTo(rented.AsSpan(length));
            length += body.Length;

            // No cancellation token: registering one per send costs more than the send; Abort() ends a stuck write.
            await _socket.SendAsync(rented.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async Task AbortIfStuckAsync()
    {
        try
        {
            await Task.Delay(CloseGrace, _abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (_socket.State is not WebSocketState.Closed and not WebSocketState.Aborted)
        {
            _socket.Abort();
        }

        try
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(EventId = 1411, Level = LogLevel.Error, Message = "Sending on a gateway connection failed unexpectedly; the connection is aborted")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1410, Level = LogLevel.Warning, Message = "Gateway connection closed as a slow consumer (outbound queue full)")]
    private static partial void LogSlowConsumer(ILogger logger);

    /// <summary>Seq &gt; 0: numbered event; 0: raw frame; -1: the close handshake.</summary>
    private readonly record struct Outbound(long Seq, ReadOnlyMemory<byte> Data);
}
