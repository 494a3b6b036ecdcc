using Chatalot.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>The real server on Kestrel (loopback, random port) with a throw-away data folder and database.</summary>
public sealed class ChatalotTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;
    private readonly PostgresDatabase? _postgres;

    private ChatalotTestServer(WebApplication app, string dataDirectory, PostgresDatabase? postgres, Uri baseAddress)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _postgres = postgres;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _dataDirectory;

    public PostgresDatabase? Postgres => _postgres;

    public static async Task<ChatalotTestServer> StartAsync(ChatalotDatabaseProvider provider, Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-tests", Guid.NewGuid().ToString("N"));
        var postgres = provider == ChatalotDatabaseProvider.PostgreSql ? await PostgresDatabase.CreateAsync() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddChatalotServer(configure: o =>
        {
            o = o with
            {
                DataDirectory = dataDirectory,
                RegistrationMode = Protocol.Accounts.RegistrationMode.Open,
                Database = new ChatalotDatabaseOptions { Provider = provider, ConnectionString = postgres?.ConnectionString },
                Auth = o.Auth with { Argon2MemoryKib = 8192, Argon2Iterations = 1 },
                RateLimits = o.RateLimits with { Enabled = false },
            };
            return configure?.Invoke(o) ?? o;
        });
        var app = builder.Build();
        app.MapChatalot();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatalotTestServer(app, dataDirectory, postgres, new Uri(address));
    }

    public ChatalotApi CreateApi() => new(new HttpClient { BaseAddress = BaseAddress });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
