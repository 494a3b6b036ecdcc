using System.Text.Json;
using Chatalot.Fuzz.Seeds;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// The client's reading of server frames (GatewayTransport): a text message parsed as a <see cref="ServerFrame"/>.
/// The client skips a frame that throws <see cref="JsonException"/> or <see cref="NotSupportedException"/>.
/// </summary>
public sealed class GatewayServerFrameTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "gateway-server-frame";

    /// <inheritdoc />
    public override string Description => "client parsing a server frame (ServerFrame JSON); allows JsonException, NotSupportedException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data) =>
        JsonContract.ParseBothWays<ServerFrame>(data, static ex => ex is JsonException or NotSupportedException);

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds() =>
        JsonSample.Documents(typeof(ServerFrame)).Select(d => (d.Name + ".json", d.Json));
}
