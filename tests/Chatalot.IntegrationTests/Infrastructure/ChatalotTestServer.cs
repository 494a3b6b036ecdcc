using Chatalot.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>
/// The real server on Kestrel (loopback, random port) with a throw-away data folder and database. It can be restarted
/// (<see cref="RestartAsync"/>) over the same port, data folder and database, as a deployment restarts its process.
/// </summary>
public sealed class ChatalotTestServer : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly PostgresDatabase? _postgres;
    private readonly Func<ChatalotServerOptions, ChatalotServerOptions> _configure;
    private readonly ILoggerProvider? _logs;
    private readonly TimeProvider? _time;
    private bool _sharesData;
    private WebApplication _app;
    private bool _stopped;

    private ChatalotTestServer(WebApplication app, string dataDirectory, PostgresDatabase? postgres, Uri baseAddress, Func<ChatalotServerOptions, ChatalotServerOptions> configure, ILoggerProvider? logs, TimeProvider? time)
    {
        _time = time;
        _app = app;
        _dataDirectory = dataDirectory;
        _postgres = postgres;
        _configure = configure;
        _logs = logs;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// The setup code every test server is preset with (<see cref="ChatalotServerOptions.SetupCode"/>): registrations made
    /// through <see cref="ChatalotApi.Registration"/> carry it, so whichever registers first claims the server as owner.
    /// </summary>
    public const string SetupCode = "TEST-SETUP-CODE-0000";

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _dataDirectory;

    public PostgresDatabase? Postgres => _postgres;

    public static async Task<ChatalotTestServer> StartAsync(ChatalotDatabaseProvider provider, Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null, ILoggerProvider? logs = null, TimeProvider? time = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "chatalot-tests", Guid.NewGuid().ToString("N"));
        var postgres = provider == ChatalotDatabaseProvider.PostgreSql ? await PostgresDatabase.CreateAsync() : null;
        ChatalotServerOptions Configure(ChatalotServerOptions o)
        {
            o = o with
            {
                DataDirectory = dataDirectory,
                SetupCode = SetupCode,
                RegistrationMode = Protocol.Accounts.RegistrationMode.Open,
                Database = new ChatalotDatabaseOptions { Provider = provider, ConnectionString = postgres?.ConnectionString },
                Auth = o.Auth with { Argon2MemoryKib = 8192, Argon2Iterations = 1 },
                RateLimits = o.RateLimits with { Enabled = false },
            };
            return configure?.Invoke(o) ?? o;
        }

        var app = await StartAppAsync("http://127.0.0.1:0", Configure, logs, time);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatalotTestServer(app, dataDirectory, postgres, new Uri(address), Configure, logs, time);
    }

    /// <summary>
    /// One node of a cluster: the server over an existing PostgreSQL database and data folder (shared with the other
    /// nodes, owned by the caller: this node leaves them in place when disposed) and the test Redis under
    /// <paramref name="keyPrefix"/>.
    /// </summary>
    public static async Task<ChatalotTestServer> StartClusterNodeAsync(PostgresDatabase postgres, string dataDirectory, string keyPrefix, string nodeName, Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null, TimeProvider? time = null)
    {
        var redis = await TestRedis.ConfigurationAsync();
        ChatalotServerOptions Configure(ChatalotServerOptions o)
        {
            o = o with
            {
                DataDirectory = dataDirectory,
                SetupCode = SetupCode,
                RegistrationMode = Protocol.Accounts.RegistrationMode.Open,
                Database = new ChatalotDatabaseOptions { Provider = ChatalotDatabaseProvider.PostgreSql, ConnectionString = postgres.ConnectionString },
                ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = redis, KeyPrefix = keyPrefix, NodeName = nodeName },
                Auth = o.Auth with { Argon2MemoryKib = 8192, Argon2Iterations = 1 },
                RateLimits = o.RateLimits with { Enabled = false },
            };
            return configure?.Invoke(o) ?? o;
        }

        var app = await StartAppAsync("http://127.0.0.1:0", Configure, null, time);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatalotTestServer(app, dataDirectory, null, new Uri(address), Configure, null, time) { _sharesData = true };
    }

    public ChatalotApi CreateApi() => new(new HttpClient { BaseAddress = BaseAddress });

    /// <summary>Stops the server (its connections drop) and starts a new host on the same address, data and database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Stops the server; <see cref="StartAgainAsync"/> brings it back over the same data.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Starts a stopped server again on the same address, data folder and database.</summary>
    public async Task StartAgainAsync()
    {
        _app = await StartAppAsync(BaseAddress.GetLeftPart(UriPartial.Authority), _configure, _logs, _time);
        _stopped = false;
    }

    private static async Task<WebApplication> StartAppAsync(string url, Func<ChatalotServerOptions, ChatalotServerOptions> configure, ILoggerProvider? logs, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(url).UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddChatalotServer(configure: configure);
        var app = builder.Build();
        app.MapChatalot();
        await app.StartAsync();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_sharesData)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
