using Chatalot.Protocol;
using Microsoft.AspNetCore.Http.Features;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Stands in for the server's upgrade features on gateway requests so that the WebSocket middleware builds its
/// WebSocket over a <see cref="GatewayTransportStream"/> (the only hook it offers below the frame reader). HTTP/1.1
/// upgrades and HTTP/2 extended CONNECT are both covered.
/// </summary>
internal sealed class GatewayUpgradeFeature(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect)
    : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    /// <summary>The stream under the WebSocket, once upgraded.</summary>
    public GatewayTransportStream? Transport { get; private set; }

    public bool IsUpgradableRequest => upgrade?.IsUpgradableRequest ?? false;

    public bool IsExtendedConnect => connect?.IsExtendedConnect ?? false;

    public string? Protocol => connect?.Protocol;

    public async Task<Stream> UpgradeAsync() =>
        Transport = new GatewayTransportStream(await upgrade!.UpgradeAsync().ConfigureAwait(false), ChatalotLimits.GatewayFrameMaxBytes);

    public async ValueTask<Stream> AcceptAsync() =>
        Transport = new GatewayTransportStream(await connect!.AcceptAsync().ConfigureAwait(false), ChatalotLimits.GatewayFrameMaxBytes);
}
