using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chatalot.Server.Hosting.Operations.Internal;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> (rest.md §Health and documents). Route handlers rather than
/// <c>MapHealthChecks</c>, whose endpoints the OpenAPI document cannot describe; the answers are the same
/// (<c>Healthy</c>/<c>Degraded</c> with 200, <c>Unhealthy</c> with 503, never cached).
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Text("Healthy"))
            .Produces<string>(200, "text/plain").WithTags("Health");
        endpoints.MapGet("/health/ready", async (HttpContext http, HealthCheckService health) =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store, no-cache";
            return Results.Text(report.Status.ToString(), statusCode: report.Status == HealthStatus.Unhealthy ? 503 : 200);
        }).Produces<string>(200, "text/plain").Produces<string>(503, "text/plain").WithTags("Health");
    }
}
