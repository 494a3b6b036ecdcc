using System.Net.WebSockets;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Client.Gateway.Internal;

internal sealed partial class GatewayClient
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);
    private TimeSpan _heartbeatInterval = TimeSpan.FromSeconds(30);
    private int _heartbeatAcked = 1;

    /// <summary>One connection attempt: hello, then resume (gateway.md step 2) or authenticate, then ready.</summary>
    private async Task<GatewayTransport> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshake.CancelAfter(HandshakeTimeout);
        var transport = new GatewayTransport(await _connect(_gatewayUri, handshake.Token).ConfigureAwait(false));
        try
        {
            if (await NextHandshakeFrameAsync(transport, handshake.Token).ConfigureAwait(false) is not HelloFrame hello)
            {
                throw new WebSocketException("The gateway did not start with hello.");
            }

            _heartbeatInterval = TimeSpan.FromMilliseconds(Math.Max(hello.HeartbeatIntervalMs, 100));
            var token = await _token(handshake.Token).ConfigureAwait(false);
            var resumed = false;
            if (_sessionId is { } sessionId)
            {
                await transport.SendAsync(new ResumeFrame(token, sessionId, LastSeq), handshake.Token).ConfigureAwait(false);
                switch (await NextHandshakeFrameAsync(transport, handshake.Token).ConfigureAwait(false))
                {
                    case ResumedFrame:
                        resumed = true;
                        LogSessionStarted(_logger, sessionId, "resumed", LastSeq);
                        break;
                    case InvalidSessionFrame refused:
                        // Events may have been missed: start afresh and have the owner catch up over REST.
                        LogResumeRefused(_logger, refused.Reason);
                        _sessionId = null;
                        _mustResync = true;
                        break;
                    case var other:
                        throw HandshakeFailure(other, transport);
                }
            }

            if (!resumed)
            {
                if (transport.Socket.State != WebSocketState.Open)
                {
                    throw new WebSocketException("The gateway closed the connection after refusing the resume.");
                }

                await transport.SendAsync(new AuthenticateFrame(token, _device?.Value), handshake.Token).ConfigureAwait(false);
                if (await NextHandshakeFrameAsync(transport, handshake.Token).ConfigureAwait(false) is not ReadyFrame ready)
                {
                    throw HandshakeFailure(null, transport);
                }

                // Sequence numbers are per gateway session (gateway.md, Framing): a new session starts from zero.
                _sessionId = ready.SessionId;
                Interlocked.Exchange(ref _lastSeq, 0);
                LogSessionStarted(_logger, ready.SessionId, "started", 0);
            }

            Volatile.Write(ref _transport, transport);
            var mustResync = !resumed && _mustResync;
            _mustResync = false;
            _state.TransitionTo(ConnectionState.Connected);

            // Resubscribing and REST catch-up run beside the receive loop, never in front of it: a slow catch-up must
            // not starve heartbeats.
            _ = Task.Run(() => SessionStartedAsync(resumed, mustResync), CancellationToken.None);
            return transport;
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SessionStartedAsync(bool resumed, bool mustResync)
    {
        try
        {
            await _handler.OnSessionStartedAsync(resumed, mustResync, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Reported; the next connection starts a fresh session and retries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _mustResync |= mustResync;

            // Start the next connection as a fresh session: resuming this one would keep its (incomplete)
            // subscriptions and skip the catch-up that just failed.
            _sessionId = null;
            LogConnectionLost(_logger, "session setup failed: " + ex.GetType().Name);
            if (Volatile.Read(ref _transport) is { } transport)
            {
                transport.Socket.Abort();
            }
        }
    }

    private async Task<ServerFrame?> NextHandshakeFrameAsync(GatewayTransport transport, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (frame is null || frame is not HeartbeatAckFrame)
            {
                return frame;
            }
        }
    }

    private static Exception HandshakeFailure(ServerFrame? frame, GatewayTransport transport)
    {
        var code = frame is ErrorFrame error ? error.Code : transport.Socket.CloseStatusDescription;
        if ((int?)transport.Socket.CloseStatus == GatewayCloseCodes.SessionRevoked || code is ErrorCodes.SessionRevoked or ErrorCodes.AccountSuspended)
        {
            return new ChatalotConnectionException(code ?? ErrorCodes.SessionRevoked, "The server refused this session for good.");
        }

        return new WebSocketException($"The gateway refused the handshake ({code ?? "closed"}).");
    }

    private async Task HeartbeatAsync(GatewayTransport transport, CancellationTokenSource connection)
    {
        Interlocked.Exchange(ref _heartbeatAcked, 1);
        var missed = 0;
        try
        {
            using var timer = new PeriodicTimer(_heartbeatInterval, _time);
            while (await timer.WaitForNextTickAsync(connection.Token).ConfigureAwait(false))
            {
                missed = Interlocked.Exchange(ref _heartbeatAcked, 0) == 0 ? missed + 1 : 0;
                if (missed >= 2)
                {
                    // A "zombie" connection: TCP looks fine but the server stopped answering. Reconnect and resume.
                    LogZombie(_logger);
                    transport.Socket.Abort();
                    await connection.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await transport.SendAsync(new HeartbeatFrame(LastSeq), connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }
}
