using System.Globalization;
using System.Net.WebSockets;
using System.Text;
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
        var prefix = new byte[32];
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                if (item.Seq > 0)
                {
                    // Same body bytes for every recipient; only the sequence prefix is per connection.
                    var length = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{item.Seq},"), prefix);
                    await _socket.SendAsync(prefix.AsMemory(0, length), WebSocketMessageType.Text, false, _abort.Token).ConfigureAwait(false);
                    await _socket.SendAsync(item.Data[1..], WebSocketMessageType.Text, true, _abort.Token).ConfigureAwait(false);
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
