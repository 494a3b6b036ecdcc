using System.Net.WebSockets;
using System.Text.Json;
using Chatalot.Client.Connection.Internal;
using Chatalot.Client.Diagnostics;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Gateway.Internal;

/// <summary>
/// Keeps one authenticated gateway session alive (gateway.md, Connection lifecycle): connect, hello, authenticate or
/// resume with the last sequence, heartbeat with zombie detection, and reconnect per the <see cref="ReconnectPolicy"/>.
/// A refused resume falls back to a fresh session and tells the owner to catch up over REST, so no event is lost;
/// events at or below the last sequence are dropped, so none is duplicated. The receive loop only parses and hands
/// off: it never runs application code, so heartbeats keep flowing whatever handlers do.
/// </summary>
internal sealed partial class GatewayClient : IAsyncDisposable
{
    private readonly Uri _gatewayUri;
    private readonly DeviceId? _device;
    private readonly Func<CancellationToken, ValueTask<string>> _token;
    private readonly IGatewayHandler _handler;
    private readonly ReconnectPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ConnectionStateTracker _state;
    private readonly ClientMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Func<Uri, CancellationToken, Task<WebSocket>> _connect;
    private readonly CancellationTokenSource _stopping = new();
    private GatewayTransport? _transport;
    private Task? _run;
    private Guid? _sessionId;
    private long _lastSeq;
    private bool _mustResync;

    public GatewayClient(
        Uri serverUrl,
        DeviceId? device,
        Func<CancellationToken, ValueTask<string>> token,
        IGatewayHandler handler,
        ReconnectPolicy policy,
        TimeProvider time,
        ConnectionStateTracker state,
        ClientMetrics metrics,
        ILogger logger,
        Func<Uri, CancellationToken, Task<WebSocket>>? connect = null)
    {
        _gatewayUri = GatewayTransport.GatewayUri(serverUrl);
        _device = device;
        _token = token;
        _handler = handler;
        _policy = policy;
        _time = time;
        _state = state;
        _metrics = metrics;
        _logger = logger;
        _connect = connect ?? ConnectClientWebSocketAsync;
    }

    /// <summary>The last event sequence handed to the owner (what a resume asks the server to continue after).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Whether a session is up right now (writes can go over the gateway).</summary>
    public bool IsConnected => Volatile.Read(ref _transport) is not null && _state.State == ConnectionState.Connected;

    /// <summary>The current gateway session, if any.</summary>
    public Guid? SessionId => _sessionId;

    /// <summary>
    /// Connects once and keeps the session alive in the background. The first connection fails fast with a typed error
    /// (a wrong URL or a refused device must not hang the caller); only an established session reconnects by itself.
    /// </summary>
    /// <exception cref="ChatalotConnectionException">The gateway is unreachable (<see cref="ClientErrorCodes.GatewayUnreachable"/>) or refused the session (the server's code).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _state.TransitionTo(ConnectionState.Connecting);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        GatewayTransport transport;
        try
        {
            transport = await ConnectOnceAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            _state.TransitionTo(ConnectionState.Disconnected);
            throw;
        }
        catch (Exception ex)
        {
            var error = ex as ChatalotConnectionException
                ?? new ChatalotConnectionException(ClientErrorCodes.GatewayUnreachable, "The gateway could not be reached: " + ex.Message, ex);
            _state.TransitionTo(ConnectionState.Disconnected, error.Code, error);
            throw error;
        }

        _run = Task.Run(() => RunAsync(transport, _stopping.Token), CancellationToken.None);
    }

    /// <summary>Sends a frame on the current connection.</summary>
    /// <exception cref="ChatalotConnectionException">Not connected right now (<see cref="ClientErrorCodes.NotConnected"/>).</exception>
    public async Task SendAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        var transport = Volatile.Read(ref _transport);
        if (transport is null || _state.State != ConnectionState.Connected)
        {
            throw new ChatalotConnectionException(ClientErrorCodes.NotConnected, "The gateway is not connected.");
        }

        try
        {
            await transport.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            throw new ChatalotConnectionException(ClientErrorCodes.NotConnected, "The gateway connection dropped while sending.", ex);
        }
    }

    /// <summary>Drops the current connection without a close handshake, as a network failure would (tests).</summary>
    internal void DropConnectionForTests() => Volatile.Read(ref _transport)?.Socket.Abort();

    /// <summary>Closes the connection and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _transport) is { } transport)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        if (_run is not null)
        {
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _state.TransitionTo(ConnectionState.Disconnected);
        _stopping.Dispose();
    }

    private async Task RunAsync(GatewayTransport transport, CancellationToken stopping)
    {
        var loop = new ReconnectLoop(_policy, _time, _state, _metrics, Random.Shared.NextDouble);
        while (!stopping.IsCancellationRequested)
        {
            var closed = await RunConnectionAsync(transport, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (closed is not null)
            {
                LogClosedForGood(_logger, closed.Code);
                _state.TransitionTo(ConnectionState.Closed, closed.Code, closed);
                return;
            }

            try
            {
                GatewayTransport? next = null;
                await loop.RunAsync(async ct => next = await ConnectOnceAsync(ct).ConfigureAwait(false), IsFatal, firstAttempt: 1, stopping).ConfigureAwait(false);
                transport = next!;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ChatalotConnectionException ex)
            {
                LogClosedForGood(_logger, ex.Code);
                return;
            }
        }
    }

    /// <summary>Runs receive and heartbeat loops until the connection ends.</summary>
    /// <returns>An exception when the server ended the session for good; <see langword="null"/> when a reconnect should follow.</returns>
    private async Task<ChatalotConnectionException?> RunConnectionAsync(GatewayTransport transport, CancellationToken stopping)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var heartbeat = HeartbeatAsync(transport, connection);
        try
        {
            while (!connection.IsCancellationRequested)
            {
                ServerFrame? frame;
                try
                {
                    frame = await transport.ReceiveAsync(connection.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException)
                {
                    // A frame type this client does not know (a newer server), or a malformed one (the server is not
                    // trusted): skip it rather than drop the connection.
                    LogUnknownFrame(_logger, ex.Message);
                    continue;
                }

                if (frame is null)
                {
                    break;
                }

                try
                {
                    Dispatch(frame);
                }
#pragma warning disable CA1031 // A frame the handlers cannot digest must not end the receive loop and leave the client deaf.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogUnknownFrame(_logger, "frame could not be handled: " + ex.GetType().Name);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or ChatalotConnectionException)
        {
            if (!stopping.IsCancellationRequested)
            {
                LogConnectionLost(_logger, ex.GetType().Name);
            }
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Volatile.Write(ref _transport, null);
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        if (stopping.IsCancellationRequested)
        {
            return null;
        }

        var status = (int?)transport.Socket.CloseStatus;
        var reason = transport.Socket.CloseStatusDescription;
        if (status == GatewayCloseCodes.SessionRevoked)
        {
            return new ChatalotConnectionException(string.IsNullOrEmpty(reason) ? ErrorCodes.SessionRevoked : reason, "The server ended this session for good.");
        }

        if (reason == ErrorCodes.ResyncRequired)
        {
            // The server may have lost events for this session (scaling.md, "When Redis fails") and ended it for good:
            // start a fresh one and catch up over REST, rather than ask any node to resume it.
            LogResyncRequired(_logger);
            _sessionId = null;
            _mustResync = true;
        }

        _state.TransitionTo(ConnectionState.Reconnecting, reason ?? "connection_lost");
        return null;
    }

    private void Dispatch(ServerFrame frame)
    {
        switch (frame)
        {
            case ServerEvent serverEvent:
                // Exactly once per session: a replayed event at or below what we already handed off is a duplicate.
                if (serverEvent.Seq <= Interlocked.Read(ref _lastSeq))
                {
                    return;
                }

                Interlocked.Exchange(ref _lastSeq, serverEvent.Seq);
                _handler.OnEvent(serverEvent);
                break;
            case HeartbeatAckFrame:
                Interlocked.Exchange(ref _heartbeatAcked, 1);
                break;
            default:
                _handler.OnReply(frame);
                break;
        }
    }

    private static bool IsFatal(Exception exception) =>
        exception is ChatalotConnectionException { Code: ErrorCodes.SessionRevoked or ErrorCodes.AccountSuspended }
        || exception is ChatalotApiException { Code: ErrorCodes.SessionRevoked or ErrorCodes.AccountSuspended or ErrorCodes.RefreshTokenReused or ErrorCodes.InvalidRefreshToken };

    private static async Task<WebSocket> ConnectClientWebSocketAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (!OperatingSystem.IsBrowser())
        {
            // Browsers manage WebSocket keep-alive themselves; setting it there throws PlatformNotSupportedException.
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        }
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Gateway session {SessionId} {How} (last sequence {LastSeq})")]
    private static partial void LogSessionStarted(ILogger logger, Guid sessionId, string how, long lastSeq);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Gateway connection lost ({Reason}); reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Gateway closed for good: {Code}")]
    private static partial void LogClosedForGood(ILogger logger, string code);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Skipped a gateway frame this client does not understand: {Reason}")]
    private static partial void LogUnknownFrame(ILogger logger, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Resume refused ({Reason}); starting a fresh session and catching up over REST")]
    private static partial void LogResumeRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "The server ended the session with resync_required; starting a fresh session and catching up over REST")]
    private static partial void LogResyncRequired(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "No heartbeat acknowledgement for two intervals; treating the connection as dead")]
    private static partial void LogZombie(ILogger logger);
}
