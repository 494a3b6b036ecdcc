using Chatalot.Protocol;
using Chatalot.Samples.Server;
using Chatalot.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Zero set-up: listen on loopback unless the hoster configures URLs (ASPNETCORE_URLS, --urls or Kestrel settings).
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// `dotnet run` starts in Production, where ASP.NET Core would only look for published assets: the build manifest
// lets the web client be served straight from a build too (a no-op after `dotnet publish`).
builder.WebHost.UseStaticWebAssets();

builder.Services.AddChatalotServer(builder.Configuration);

var app = builder.Build();
app.MapChatalot();
app.MapWebClient(ProtocolVersion.ApiPrefix, ProtocolVersion.GatewayPath);

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        Console.WriteLine($"Chatalot server listening on {url}");
    }
});

app.Run();

/// <summary>Entry point, public so that tests can host the sample with WebApplicationFactory.</summary>
public partial class Program;
