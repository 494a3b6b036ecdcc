using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;
using System.Threading.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.Extensions.Logging;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// One WebSocket. Outbound frames go through a bounded queue drained by a single writer, so a recipient that stops
/// reading fills only its own queue: on overflow the connection is closed with <c>slow_consumer</c> and publishers never
/// wait (docs/protocol/gateway.md §Errors and limits).
/// </summary>
internal sealed partial class GatewayConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private static readonly byte[] SeqPrefix = "{\"seq\":"u8.ToArray();
    private readonly WebSocket _socket;
    private readonly Channel<Outbound> _queue;
    private readonly ChatalotMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task? _writer;
    private int _closing;
    private (WebSocketCloseStatus Status, string Code)? _close;

    public GatewayConnection(WebSocket socket, int queueSize, ChatalotMetrics metrics, ILogger logger)
    {
        _socket = socket;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(queueSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public WebSocket Socket => _socket;

    public CancellationToken Aborted => _abort.Token;

    public void Start() => _writer = Task.Run(WriteLoopAsync);

    public void EnqueueEvent(long seq, ReadOnlyMemory<byte> body) => Enqueue(new Outbound(seq, body));

    public void EnqueueRaw(ReadOnlyMemory<byte> frame) => Enqueue(new Outbound(0, frame));

    public void EnqueueFrame(ServerFrame frame) => EnqueueRaw(GatewayPublisher.Serialize(frame));

    /// <summary>Sends an error frame (when the queue has room), then closes with the code as reason.</summary>
    public void CloseWith(WebSocketCloseStatus status, string code, string message)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        _close = (status, code);
        _queue.Writer.TryWrite(new Outbound(0, GatewayPublisher.Serialize(new ErrorFrame(code, message))));
        _queue.Writer.TryComplete();
        _ = AbortIfStuckAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        _abort.Dispose();
    }

    private void Enqueue(Outbound item)
    {
        if (Volatile.Read(ref _closing) == 1)
        {
            return;
        }

        if (_queue.Writer.TryWrite(item))
        {
            _metrics.FramesSent(1);
            return;
        }

        // The queue is full: this recipient cannot keep up. Disconnect it rather than buffer without bound or block
        // the publisher; its session stays resumable, so nothing is lost if it reconnects in time.
        _metrics.SlowConsumer();
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            LogSlowConsumer(_logger);
            _close = ((WebSocketCloseStatus)4008, ErrorCodes.SlowConsumer);
            _queue.Writer.TryComplete();
            _ = AbortIfStuckAsync();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                if (item.Seq > 0)
                {
                    await SendEventAsync(item).ConfigureAwait(false);
                }
                else
                {
                    await _socket.SendAsync(item.Data, WebSocketMessageType.Text, true, _abort.Token).ConfigureAwait(false);
                }
            }

            if (_close is { } close && _socket.State == WebSocketState.Open)
            {
                if (close.Code == ErrorCodes.SlowConsumer)
                {
                    var error = GatewayPublisher.Serialize(new ErrorFrame(ErrorCodes.SlowConsumer, "The connection fell too far behind; reconnect and resume."));
                    await _socket.SendAsync(error, WebSocketMessageType.Text, true, _abort.Token).ConfigureAwait(false);
                }

                await _socket.CloseOutputAsync(close.Status, close.Code, _abort.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket went away or was aborted; the reader side notices and detaches the session.
        }
    }

    /// <summary>
    /// Writes <c>{"seq":N,</c> followed by the shared body (minus its opening brace) as one WebSocket message. The body
    /// bytes are shared by every recipient (serialised once per broadcast); the per-recipient work is a copy into a
    /// pooled buffer and one send, rather than a formatted string and two fragments (two frames, two socket writes).
    /// Pooling instead of a per-connection buffer keeps idle connections small.
    /// </summary>
    private async Task SendEventAsync(Outbound item)
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
            await _socket.SendAsync(rented.AsMemory(0, length), WebSocketMessageType.Text, true, _abort.Token).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 1410, Level = LogLevel.Warning, Message = "Gateway connection closed as a slow consumer (outbound queue full)")]
    private static partial void LogSlowConsumer(ILogger logger);

    private readonly record struct Outbound(long Seq, ReadOnlyMemory<byte> Data);
}
