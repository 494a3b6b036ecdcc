using System.Net.WebSockets;
using Chatalot.Protocol.Errors;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>What a connection is waiting for, and how it is closed when that does not arrive in time (gateway.md §Lifecycle).</summary>
internal sealed record GatewayDeadline(WebSocketCloseStatus Status, string Code, string Message)
{
    public static GatewayDeadline Authentication { get; } = new((WebSocketCloseStatus)4001, ErrorCodes.AuthenticationRequired, "Authenticate or resume within the timeout.");

    public static GatewayDeadline Heartbeat { get; } = new((WebSocketCloseStatus)4009, ErrorCodes.HeartbeatTimeout, "No heartbeat arrived in time.");
}
