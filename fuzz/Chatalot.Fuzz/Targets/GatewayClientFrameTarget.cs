using System.Text.Json;
using Chatalot.Fuzz.Seeds;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// The server's reading of client frames (GatewayEndpoint): a WebSocket text message parsed as a
/// <see cref="ClientFrame"/>. The server answers <c>invalid_frame</c> for <see cref="JsonException"/> and
/// <see cref="NotSupportedException"/> (an abstract or unknown frame type); anything else would drop the connection.
/// </summary>
public sealed class GatewayClientFrameTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "gateway-client-frame";

    /// <inheritdoc />
    public override string Description => "server parsing a client frame (ClientFrame JSON); allows JsonException, NotSupportedException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data) =>
        JsonContract.ParseBothWays<ClientFrame>(data, static ex => ex is JsonException or NotSupportedException);

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds() =>
        JsonSample.Documents(typeof(ClientFrame)).Select(d => (d.Name + ".json", d.Json));
}
