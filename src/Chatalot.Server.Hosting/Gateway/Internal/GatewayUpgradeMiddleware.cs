using Chatalot.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Runs before the WebSocket middleware (which captures the upgrade features when a request arrives) and, for gateway
/// requests only, puts a <see cref="GatewayUpgradeFeature"/> in their place.
/// </summary>
internal sealed class GatewayUpgradeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(ProtocolVersion.GatewayPath, StringComparison.OrdinalIgnoreCase))
        {
            var upgrade = context.Features.Get<IHttpUpgradeFeature>();
            var connect = context.Features.Get<IHttpExtendedConnectFeature>();
            if (upgrade?.IsUpgradableRequest == true || connect?.IsExtendedConnect == true)
            {
                var feature = new GatewayUpgradeFeature(upgrade, connect);
                context.Features.Set(feature);
                if (upgrade is not null)
                {
                    context.Features.Set<IHttpUpgradeFeature>(feature);
                }

                if (connect is not null)
                {
                    context.Features.Set<IHttpExtendedConnectFeature>(feature);
                }
            }
        }

        return next(context);
    }
}
