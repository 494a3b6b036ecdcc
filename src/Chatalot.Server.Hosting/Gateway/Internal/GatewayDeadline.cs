using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>What a connection is waiting for, and how it is closed when that does not arrive in time (gateway.md §Lifecycle).</summary>
internal sealed record GatewayDeadline(int CloseCode, string Code, string Message)
{
    public static GatewayDeadline Authentication { get; } = new(GatewayCloseCodes.AuthenticationRequired, ErrorCodes.AuthenticationRequired, "Authenticate or resume within the timeout.");

    public static GatewayDeadline Heartbeat { get; } = new(GatewayCloseCodes.HeartbeatTimeout, ErrorCodes.HeartbeatTimeout, "No heartbeat arrived in time.");
}
