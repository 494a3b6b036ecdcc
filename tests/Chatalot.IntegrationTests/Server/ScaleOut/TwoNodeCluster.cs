using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>
/// Two in-process server nodes on one PostgreSQL database and one Redis, under a key prefix of their own so tests run
/// side by side. Redis comes from CHATALOT_TEST_REDIS (eng/test-services.sh redis).
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    private readonly PostgresDatabase _database;

    private TwoNodeCluster(PostgresDatabase database, string keyPrefix, ChatalotTestServer a, ChatalotTestServer b)
    {
        _database = database;
        KeyPrefix = keyPrefix;
        A = a;
        B = b;
    }

    public ChatalotTestServer A { get; }

    public ChatalotTestServer B { get; }

    public string KeyPrefix { get; }

    public static string RedisConfiguration =>
        Environment.GetEnvironmentVariable("CHATALOT_TEST_REDIS") is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException("CHATALOT_TEST_REDIS is not set: run eval \"$(eng/test-services.sh postgres redis)\" first.");

    public static async Task<TwoNodeCluster> StartAsync(Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null, TimeProvider? time = null)
    {
        var database = await PostgresDatabase.CreateAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];

        // What a deployment shares between nodes besides the database: the token signing key and the data protection keys.
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var protectionKeys = Path.Combine(Path.GetTempPath(), "chatalot-tests", prefix + "-keys");
        ChatalotServerOptions Node(ChatalotServerOptions o, string name)
        {
            o = o with
            {
                Database = new ChatalotDatabaseOptions { Provider = ChatalotDatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString },
                ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = RedisConfiguration, KeyPrefix = prefix, NodeName = name },
                Auth = o.Auth with { TokenSigningKey = signingKey, DataProtectionKeysDirectory = protectionKeys },
            };
            return configure?.Invoke(o) ?? o;
        }

        // The test server's own database would be SQLite; every node is pointed at the shared PostgreSQL database instead.
        // One after the other, so only the first creates the schema.
        var a = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => Node(o, "node-a"), time: time);
        var b = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => Node(o, "node-b"), time: time);
        return new TwoNodeCluster(database, prefix, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(Path.Combine(Path.GetTempPath(), "chatalot-tests", KeyPrefix + "-keys"), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
