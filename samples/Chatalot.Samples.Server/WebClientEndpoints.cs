namespace Chatalot.Samples.Server;

/// <summary>Serves the Blazor WebAssembly web client (samples/Chatalot.Samples.Web) from the server's root.</summary>
internal static class WebClientEndpoints
{
    /// <summary>
    /// Maps the web client's files and its SPA fallback. The fallback answers only navigations to client routes:
    /// unknown paths under the API prefix, the gateway path, <c>/health</c> and <c>/openapi</c> keep their 404, so a
    /// mistyped API call never gets an HTML page with status 200.
    /// </summary>
    public static WebApplication MapWebClient(this WebApplication app, string apiPrefix, string gatewayPath)
    {
        // The build's static-asset manifest: the web client's files (framework files under their fingerprinted names
        // and plain aliases), with ETags, compression and cache headers, the same after `dotnet run` and `dotnet publish`.
        app.MapStaticAssets();

        // Reserve the API prefix's first segment ("/api"), so every version's unknown routes stay 404 as well.
        var apiRoot = "/" + apiPrefix.Trim('/').Split('/')[0];
        string[] reserved = [apiRoot, gatewayPath.TrimEnd('/'), "/health", "/openapi"];
        foreach (var prefix in reserved)
        {
            app.MapFallback(prefix + "/{**rest}", static () => Results.NotFound());
        }

        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
