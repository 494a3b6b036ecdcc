namespace Chatalot.Protocol.Gateway;

/// <summary>
/// WebSocket close codes of the gateway (docs/protocol/gateway.md §Close codes). Before closing, the server sends an
/// <c>error</c> frame whose <c>code</c> (an <see cref="Errors.ErrorCodes"/> value) is also the close reason; the close
/// code tells a client what to do next without parsing that reason.
/// </summary>
public static class GatewayCloseCodes
{
    /// <summary>1000: the connection ended normally (reason <c>closing</c>).</summary>
    public const int Normal = 1000;

    /// <summary>
    /// 1008: the session was resumed on another connection, which replaces this one (reason
    /// <c>session_resumed_elsewhere</c>). Do not reconnect from this connection's side.
    /// </summary>
    public const int SessionResumedElsewhere = 1008;

    /// <summary>1009: a client frame exceeded <see cref="ChatalotLimits.GatewayFrameMaxBytes"/> (reason <c>invalid_frame</c>).</summary>
    public const int FrameTooLarge = 1009;

    /// <summary>
    /// 1012: the server is shutting down or restarting (reason <c>server_shutting_down</c>). Reconnect, to another
    /// node if there is one, and resume.
    /// </summary>
    public const int ServerShuttingDown = 1012;

    /// <summary>
    /// 4000: reserved for a frame so malformed that the server gives up on the connection (reason
    /// <c>invalid_frame</c>). The server currently answers malformed frames with an <c>error</c> frame and keeps the
    /// connection open, so it does not send this code.
    /// </summary>
    public const int InvalidFrame = 4000;

    /// <summary>
    /// 4001: no <c>authenticate</c>/<c>resume</c> came first or in time, the token or device was refused, or the
    /// session cannot be resumed; the reason is the refusal's code (for example <c>authentication_required</c>,
    /// <c>unauthenticated</c>, <c>token_expired</c>, <c>resume_failed</c>). Get a valid token, then authenticate afresh.
    /// </summary>
    public const int AuthenticationRequired = 4001;

    /// <summary>
    /// 4003: the login session was revoked or the account suspended (reasons <c>session_revoked</c>,
    /// <c>account_suspended</c>). Do not reconnect with the same session.
    /// </summary>
    public const int SessionRevoked = 4003;

    /// <summary>
    /// 4008: the connection's outbound queue overflowed because the client read too slowly (reason
    /// <c>slow_consumer</c>). The session stays resumable: reconnect and resume.
    /// </summary>
    public const int SlowConsumer = 4008;

    /// <summary>4009: no heartbeat arrived within two intervals (reason <c>heartbeat_timeout</c>). Reconnect and resume.</summary>
    public const int HeartbeatTimeout = 4009;
}
