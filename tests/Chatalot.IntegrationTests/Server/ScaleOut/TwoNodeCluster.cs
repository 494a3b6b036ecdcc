using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server.ScaleOut;

/// <summary>
/// Two in-process server nodes on one PostgreSQL database and one Redis, under a key prefix of their own so tests run
/// side by side. Redis is the shared test Redis (TestRedis), with a key prefix of their own.
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

    public static async Task<TwoNodeCluster> StartAsync(Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null, TimeProvider? time = null)
    {
        var database = await PostgresDatabase.CreateAsync();
        var redis = await TestRedis.ConfigurationAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];

        // What a deployment shares between nodes besides the database: the data folder (token signing key, franking keys,
        // data protection keys), as docs/articles/hosting.md says. Nodes with other keys would refuse to start.
        var sharedData = Path.Combine(Path.GetTempPath(), "chatalot-tests", prefix + "-data");
        ChatalotServerOptions Node(ChatalotServerOptions o, string name)
        {
            o = o with
            {
                Database = new ChatalotDatabaseOptions { Provider = ChatalotDatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString },
                DataDirectory = sharedData,
                ScaleOut = new ChatalotScaleOutOptions { RedisConfiguration = redis, KeyPrefix = prefix, NodeName = name },
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
