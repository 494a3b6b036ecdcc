using Chatalot.Protocol;
using Chatalot.Samples.Server;
using Chatalot.Server.Hosting;

// A published server finds its appsettings.json and web client beside its own files, whatever the working directory:
// the content root is the working directory only when it holds an appsettings.json (`dotnet run` from the project
// folder, the published folder itself, or a hoster's own configuration folder), else the application's folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SampleContentRoot.Choose(args) });

// Zero set-up: listen on loopback unless the hoster configures URLs (ASPNETCORE_URLS, --urls or Kestrel settings).
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// `dotnet run` starts in Production, where ASP.NET Core would only look for published assets: the build manifest
// lets the web client be served straight from a build too (a no-op after `dotnet publish`).
builder.WebHost.UseStaticWebAssets();

// A relative data folder (the default `data`) is relative to the working directory, as a service manager's
// WorkingDirectory expects; settings and the web client come from the content root above.
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
