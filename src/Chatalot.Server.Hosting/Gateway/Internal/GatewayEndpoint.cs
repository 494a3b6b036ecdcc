using System.Net.WebSockets;
using System.Text.Json;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Chatalot.Server.Hosting.ToDevice.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>The WebSocket endpoint: hello, authenticate or resume, then the frame loop (docs/protocol/gateway.md).</summary>
internal sealed partial class GatewayEndpoint(
    GatewayHub hub,
    PresenceTracker presence,
    Voice.Internal.VoiceTracker voice,
    GatewayFrameHandler frames,
    GatewayDeadlines deadlines,
    IServiceScopeFactory scopes,
    ChatalotMetrics metrics,
    TimeProvider time,
    IOptions<ChatalotServerOptions> options,
    ILogger<GatewayEndpoint> logger)
{
    // How long a closing connection waits for the client's close frame (RFC 6455 §7.1.1) before it ends anyway.
    private static readonly TimeSpan CloseHandshakeGrace = TimeSpan.FromSeconds(2);

    // Unsolicited invalid_frame / rate_limited errors: a burst of 3, then one a second (gateway.md §Errors and limits).
    private const int ErrorReportBurst = 3;
    private static readonly TimeSpan ErrorReportInterval = TimeSpan.FromSeconds(1);

    private readonly ChatalotGatewayOptions _options = options.Value.Gateway;

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ProblemWriter.WriteAsync(http, 400, ErrorCodes.MalformedRequest, "The gateway needs a WebSocket upgrade.").ConfigureAwait(false);
            return;
        }

        // No WebSocket-level pings: the protocol's own heartbeat (client-driven, enforced by GatewayDeadlines) keeps NATs
        // open and detects dead peers, and a keep-alive timer per connection would cost memory and idle CPU.
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero }).ConfigureAwait(false);
        var transport = http.Features.Get<GatewayUpgradeFeature>()?.Transport;
        var connection = new GatewayConnection(socket, _options.OutboundQueueSize, metrics, time, logger) { RemoteAddress = AccountEndpoints.ClientAddress(http) };
        await using (connection.ConfigureAwait(false))
        {
            await RunAsync(http, connection, transport).ConfigureAwait(false);
        }

        // Our close frame is out (or the managed WebSocket sent one for a protocol violation and gave up): finish the
        // closing handshake before the request ends, or the transport may reset the connection with it still in flight.
        if (transport is { CloseSent: true, PeerClosed: false })
        {
            await transport.AwaitPeerCloseAsync(CloseHandshakeGrace, time).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(HttpContext http, GatewayConnection connection, GatewayTransportStream? transport)
    {
        var socket = connection.Socket;
        deadlines.Watch(connection);
        metrics.ConnectionOpened();
        GatewaySession? session = null;
        var limiter = new FrameRateLimiter(_options.RateLimitBurst, _options.RateLimitPerSecond);
        var errors = new ErrorFrameThrottle(ErrorReportBurst, ErrorReportInterval);
        try
        {
            connection.EnqueueFrame(new HelloFrame(
                ProtocolVersion.Current,
                (int)_options.HeartbeatInterval.TotalMilliseconds,
                (int)_options.AuthenticationTimeout.TotalMilliseconds,
                (int)_options.ResumeWindow.TotalSeconds));

            var first = await ReceiveAsync(connection, transport, _options.AuthenticationTimeout, GatewayDeadline.Authentication).ConfigureAwait(false);
            if (first.Error is not null)
            {
                connection.EnqueueFrame(first.Error);
            }

            session = first.Frame switch
            {
                AuthenticateFrame a => await AuthenticateAsync(connection, a).ConfigureAwait(false),
                ResumeFrame r => await ResumeAsync(connection, r).ConfigureAwait(false),
                _ => Refuse(connection, first.Outcome == ReceiveOutcome.Frame ? ErrorCodes.AuthenticationRequired : null, "Authenticate or resume within the timeout."),
            };
            if (session is null)
            {
                return;
            }

            if (first.Frame is AuthenticateFrame)
            {
                await presence.SendSnapshotAsync(session, http.RequestAborted).ConfigureAwait(false);
            }

            await presence.RefreshAsync(session.UserId, http.RequestAborted).ConfigureAwait(false);
            while (!session.Closed)
            {
                var received = await ReceiveAsync(connection, transport, _options.HeartbeatInterval * 2, GatewayDeadline.Heartbeat).ConfigureAwait(false);
                if (received.Outcome != ReceiveOutcome.Frame)
                {
                    break;
                }

                // Bad frames count against the rate limit like any other, and what they cost in error frames is capped.
                if (!limiter.TryAcquire())
                {
                    // Echo the dropped request's id: its sender waits for that reply and retries once told.
                    ReportBadInput(session, errors, new ErrorFrame(ErrorCodes.RateLimited, "Too many frames; slow down.", RequestIdOf(received.Frame) ?? received.Error?.RequestId, RetryAfterMs: 1000));
                    continue;
                }

                if (received.Frame is null)
                {
                    ReportBadInput(session, errors, received.Error ?? new ErrorFrame(ErrorCodes.InvalidFrame, "The frame is not a known frame type."));
                    continue;
                }

                await frames.HandleAsync(session, received.Frame, http.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            deadlines.Unwatch(connection);
            if (session is not null)
            {
                hub.Detach(session, connection);
                try
                {
                    // A resume that already took the session over keeps the call as it is.
                    if (session.DetachedAt is not null || session.Closed)
                    {
                        await voice.ConnectionLostAsync(session.Id, session.UserId, CancellationToken.None).ConfigureAwait(false);
                    }

                    await presence.RefreshAsync(session.UserId, CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Presence and voice are best effort while a connection ends (the host may be shutting down).
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogPresenceFailed(logger, ex);
                }
            }

            metrics.ConnectionClosed();
            if (socket.State == WebSocketState.Open)
            {
                connection.CloseWith(GatewayCloseCodes.Normal, ErrorCodes.Closing, "The connection is closing.");
            }
            else if (socket.State == WebSocketState.CloseReceived)
            {
                connection.AcknowledgeClose();
            }
        }
    }

    /// <summary>
    /// Sends an error about bad input. One with a request id is a reply the client waits for and always goes (such
    /// frames are bounded by the rate limit); others go through the throttle, and the next one sent says how many were held back.
    /// </summary>
    private static void ReportBadInput(GatewaySession session, ErrorFrameThrottle throttle, ErrorFrame error)
    {
        if (error.RequestId is not null)
        {
            session.Reply(GatewayPublisher.Serialize(error));
            return;
        }

        if (!throttle.TryPass(out var suppressed))
        {
            return;
        }

        if (suppressed > 0)
        {
            error = error with { Message = $"{error.Message} ({suppressed} similar errors since the previous one were not reported.)" };
        }

        session.Reply(GatewayPublisher.Serialize(error));
    }

    private static GatewaySession? Refuse(GatewayConnection connection, string? code, string message)
    {
        if (code is not null)
        {
            connection.CloseWith(GatewayCloseCodes.AuthenticationRequired, code, message);
        }

        return null;
    }

    private async Task<GatewaySession?> AuthenticateAsync(GatewayConnection connection, AuthenticateFrame frame)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var caller = await ResolveAsync(scope.ServiceProvider, connection, frame.Token).ConfigureAwait(false);
        if (caller is null)
        {
            return null;
        }

        if (frame.DeviceId is { } deviceId)
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            if (!await db.Devices.AnyAsync(d => d.UserId == caller.UserId && d.DeviceId == deviceId).ConfigureAwait(false))
            {
                return Refuse(connection, ErrorCodes.ValidationFailed, "The device has no published keys.");
            }
        }

        await Security.Internal.SessionActivity.TouchAsync(scope.ServiceProvider, caller.SessionId, connection.RemoteAddress).ConfigureAwait(false);
        var session = hub.Create(caller.UserId, caller.SessionId, frame.DeviceId);
        session.Presence = frame.Presence == PresenceStatus.Offline ? PresenceStatus.Invisible : frame.Presence;
        session.LastValidatedAt = time.GetUtcNow();
        frames.Register(session, caller);
        var pending = 0;
        IReadOnlyList<Protocol.ToDevice.ToDeviceMessage> inbox = [];
        if (frame.DeviceId is { } device)
        {
            var toDevice = scope.ServiceProvider.GetRequiredService<ToDeviceService>();
            pending = await toDevice.CountAsync(caller.UserId, device, CancellationToken.None).ConfigureAwait(false);
            inbox = await toDevice.ListAsync(caller.UserId, device, ChatalotLimits.ToDeviceBatchMaxMessages, CancellationToken.None).ConfigureAwait(false);
        }

        session.Attach(connection);
        session.Reply(GatewayPublisher.Serialize(new ReadyFrame(session.Id, caller.UserId, frame.DeviceId, pending)));
        foreach (var message in inbox)
        {
            session.Deliver(GatewayPublisher.Serialize(new ToDeviceEvent(message)));
        }

        LogAuthenticated(logger, caller.UserId, session.Id);
        return session;
    }

    private async Task<GatewaySession?> ResumeAsync(GatewayConnection connection, ResumeFrame frame)
    {
        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var caller = await ResolveAsync(scope.ServiceProvider, connection, frame.Token).ConfigureAwait(false);
        if (caller is null)
        {
            return null;
        }

        var session = hub.Find(frame.SessionId);
        var count = session?.CountAfter(frame.LastSeq) ?? 0;
        if (session is null || session.UserId != caller.UserId || session.AuthSessionId != caller.SessionId ||
            !session.TryResume(connection, frame.LastSeq, GatewayPublisher.Serialize(new ResumedFrame(session.Id, count)), out var previous))
        {
            connection.EnqueueFrame(new InvalidSessionFrame(ErrorCodes.ResumeFailed));
            connection.CloseWith(GatewayCloseCodes.AuthenticationRequired, ErrorCodes.ResumeFailed, "The session cannot be resumed; re-sync and authenticate.");
            return null;
        }

        previous?.CloseWith(GatewayCloseCodes.SessionResumedElsewhere, ErrorCodes.SessionResumedElsewhere, "The session was resumed on another connection.");
        frames.Register(session, caller);
        await voice.ConnectionRestoredAsync(session.Id, session.UserId, CancellationToken.None).ConfigureAwait(false);
        return session;
    }

    private async Task<Caller?> ResolveAsync(IServiceProvider services, GatewayConnection connection, string token)
    {
        try
        {
            return await services.GetRequiredService<CallerResolver>().ResolveAsync(token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ChatalotServerException ex)
        {
            LogAuthenticationRefused(logger, ex.Code);
            connection.CloseWith(GatewayCloseCodes.AuthenticationRequired, ex.Code, ex.Message);
            return null;
        }
    }

    private static async Task<(ReceiveOutcome Outcome, ClientFrame? Frame, ErrorFrame? Error)> ReceiveAsync(GatewayConnection connection, GatewayTransportStream? transport, TimeSpan timeout, GatewayDeadline deadline)
    {
        connection.ExpectFrameWithin(timeout, deadline);
        var buffer = new PooledFrameBuffer();
        try
        {
            MessageResult result;
            try
            {
                result = await ReceiveMessageAsync(connection.Socket, transport, buffer).ConfigureAwait(false);
                connection.FrameArrived();
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException && connection.TimedOut)
            {
                // GatewayDeadlines closed (and eventually aborted) the connection while it waited.
                return (ReceiveOutcome.TimedOut, null, null);
            }

            switch (result)
            {
                case MessageResult.Closed:
                    return (connection.TimedOut ? ReceiveOutcome.TimedOut : ReceiveOutcome.Closed, null, null);
                case MessageResult.TooLarge:
                    connection.CloseWith(GatewayCloseCodes.FrameTooLarge, ErrorCodes.InvalidFrame, $"Frames are limited to {ChatalotLimits.GatewayFrameMaxBytes} bytes.");
                    return (ReceiveOutcome.Closed, null, null);
                case MessageResult.Binary:
                    return (ReceiveOutcome.Frame, null, new ErrorFrame(ErrorCodes.InvalidFrame, "Frames are JSON text messages."));
            }

            try
            {
                return (ReceiveOutcome.Frame, ChatalotJson.Deserialize<ClientFrame>(buffer.WrittenSpan), null);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                return (ReceiveOutcome.Frame, null, new ErrorFrame(ErrorCodes.InvalidFrame, "The frame is not valid JSON or not a known frame type.", RequestIdOf(buffer.WrittenSpan)));
            }
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// The top-level <c>request_id</c> string of a frame that failed to parse as a contract (a missing or mistyped
    /// member, an unknown type), so its sender can match the <c>invalid_frame</c> error to the request; null when the
    /// JSON itself is broken or has none.
    /// </summary>
    /// <summary>The request id of a request frame (the ones answered by a reply or an error), else null.</summary>
    private static string? RequestIdOf(ClientFrame? frame) => frame switch
    {
        SendMessageFrame f => f.RequestId,
        EditMessageFrame f => f.RequestId,
        DeleteMessageFrame f => f.RequestId,
        SendToDeviceFrame f => f.RequestId,
        AckToDeviceFrame f => f.RequestId,
        JoinVoiceFrame f => f.RequestId,
        LeaveVoiceFrame f => f.RequestId,
        _ => null,
    };

    private static string? RequestIdOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRequestId = reader.ValueTextEquals("request_id"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isRequestId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Broken JSON: the request id (if any) cannot be trusted.
        }

        return null;
    }

    private static async Task<MessageResult> ReceiveMessageAsync(WebSocket socket, GatewayTransportStream? transport, PooledFrameBuffer buffer)
    {
        // A zero-byte receive completes once the next frame's header has arrived, without a payload buffer: most
        // connections are idle most of the time, and a 4 KiB buffer each would dominate their memory. No cancellation
        // token: timeouts close the connection (GatewayDeadlines) and an abort ends the read.
        var header = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
        if (header.MessageType == WebSocketMessageType.Close)
        {
            return MessageResult.Closed;
        }

        // The header is read: refuse a declared length over the limit now rather than wait for bytes that may never come.
        if (transport is { Oversized: true })
        {
            return MessageResult.TooLarge;
        }

        if (header.EndOfMessage)
        {
            return header.MessageType == WebSocketMessageType.Binary ? MessageResult.Binary : MessageResult.Text;
        }

        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return MessageResult.Closed;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > ChatalotLimits.GatewayFrameMaxBytes || transport is { Oversized: true })
            {
                return MessageResult.TooLarge;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Binary ? MessageResult.Binary : MessageResult.Text;
            }
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Gateway session {SessionId} started for user {UserId}")]
    private static partial void LogAuthenticated(ILogger logger, Guid userId, Guid sessionId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Gateway authentication refused ({Code})")]
    private static partial void LogAuthenticationRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Presence or voice update after a disconnect failed")]
    private static partial void LogPresenceFailed(ILogger logger, Exception exception);

    private enum ReceiveOutcome
    {
        Frame,
        Closed,
        TimedOut,
    }

    private enum MessageResult
    {
        Text,
        Binary,
        Closed,
        TooLarge,
    }
}
