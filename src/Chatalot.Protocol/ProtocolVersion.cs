namespace Chatalot.Protocol;

/// <summary>
/// Identifies the version of the Chatalot wire protocol implemented by this package.
/// </summary>
/// <remarks>
/// Clients and servers exchange this number in the gateway hello and REST headers so that a
/// mismatch is reported as a typed error instead of surfacing as a parse failure.
/// </remarks>
public static class ProtocolVersion
{
    /// <summary>The protocol version this package speaks.</summary>
    public const int Current = 1;

    /// <summary>The request path of the WebSocket gateway.</summary>
    public const string GatewayPath = "/ws";

    /// <summary>The path prefix under which every REST route is served.</summary>
    public const string ApiPrefix = "/api/v1";
}
