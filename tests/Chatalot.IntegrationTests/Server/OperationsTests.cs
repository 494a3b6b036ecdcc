using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chatalot.IntegrationTests.Server;

public class OperationsTests
{
    [Fact]
    public async Task Ready_FailsWhenTheDatabaseIsDown_LiveStaysUp()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.PostgreSql);
        using var api = server.CreateApi();
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        // Take the database away under the running server.
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(server.Postgres!.ConnectionString) { Database = "postgres" }.ToString();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE \"{server.Postgres.Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Sqlite_IsCreatedOnFirstStart_InWalMode()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        var file = Path.Combine(server.DataDirectory, "chatalot.db");
        Assert.True(File.Exists(file));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT count(*) FROM __EFMigrationsHistory;";
        using var scope = server.Services.CreateScope();
        var migrations = scope.ServiceProvider.GetRequiredService<Chatalot.Server.Hosting.Storage.Internal.ChatalotDbContext>().Database.GetMigrations().Count();
        Assert.True(migrations >= 2, "the initial migration and later ones");
        Assert.Equal(migrations, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheRestApi()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var api = server.CreateApi();
        var json = await api.Http.GetStringAsync(new Uri("/openapi/chatalot.json", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/channels/{channelId}/messages", "/api/v1/keys/devices/{deviceId}", "/api/v1/communities" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        // Schemas describe the wire format, not the host's default JSON settings.
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var register = schemas.GetProperty("RegisterRequest");
        Assert.True(register.GetProperty("properties").TryGetProperty("display_name", out _));
        Assert.Contains("username", register.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var prekey = schemas.GetProperty("SignedPrekey").GetProperty("properties");
        Assert.Equal("base64url", prekey.GetProperty("public_key").GetProperty("format").GetString());
        Assert.Equal("integer", prekey.GetProperty("key_id").GetProperty("type").GetString());
        Assert.Contains("\"invite_only\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountStoredMessagesAndConnections()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);
        using var api = server.CreateApi();
        long messages = 0, connections = 0;
        // Other test servers run in parallel: listen only to this server's meters.
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Chatalot.Server" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "chatalot.messages.stored")
            {
                Interlocked.Add(ref messages, value);
            }
            else if (instrument.Name == "chatalot.gateway.connections")
            {
                Interlocked.Add(ref connections, value);
            }
        });
        listener.Start();

        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        var (client, _) = await GatewayClient.AuthenticateAsync(server.BaseAddress, s.Member.AccessToken);
        await using var _ = client;
        (await api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages", MessageConformanceTests.Channel("m"), s.Member.AccessToken)).EnsureSuccessStatusCode();
        Assert.Equal(1, Interlocked.Read(ref messages));
        Assert.Equal(1, Interlocked.Read(ref connections));
    }

    [Fact]
    public async Task AuthRoutes_AreRateLimitedPerClient()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { RateLimits = o.RateLimits with { Enabled = true, AuthRequestsPerMinute = 3 } });
        using var api = server.CreateApi();
        for (var i = 0; i < 3; i++)
        {
            (await api.SendAsync(HttpMethod.Post, "/auth/login", new Protocol.Accounts.LoginRequest("nobody", "wrong password"))).Dispose();
        }

        var problem = await ChatalotApi.ProblemAsync(await api.SendAsync(HttpMethod.Post, "/auth/login", new Protocol.Accounts.LoginRequest("nobody", "wrong password")), HttpStatusCode.TooManyRequests, Protocol.Errors.ErrorCodes.RateLimited);
        Assert.True(problem.RetryAfterSeconds > 0);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/server")).StatusCode);
    }
}
