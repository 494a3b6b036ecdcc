using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP site on loopback (Kestrel, random port) standing in for the internet: web pages for link previews, a GIF
/// provider's API. Each route answers with what the test configured, and the site counts the hits of every path.
/// </summary>
public sealed class FakeWebSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private FakeWebSite(WebApplication app, ConcurrentDictionary<string, int> hits, Uri baseAddress)
    {
        _app = app;
        _hits = hits;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The last query string each path was requested with.</summary>
    public ConcurrentDictionary<string, string> LastQuery { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeWebSite> StartAsync(Action<WebApplication> routes, string host = "127.0.0.1")
    {
        var hits = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://{host}:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        FakeWebSite? site = null;
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            hits.AddOrUpdate(http.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            site?.LastQuery[http.Request.Path.Value ?? ""] = http.Request.QueryString.Value ?? "";
            await next(http);
        });
        routes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site = new FakeWebSite(app, hits, new Uri(address));
        return site;
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public int Hits(string path) => _hits.TryGetValue(path, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
