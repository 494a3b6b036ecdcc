using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>One running server per test class; its first registered user (the instance owner) is ready to use.</summary>
public abstract class ServerFixture(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    public ChatalotDatabaseProvider Provider { get; } = provider;

    public ChatalotTestServer Server { get; private set; } = null!;

    public ChatalotApi Api { get; private set; } = null!;

    public AuthResponse Owner { get; private set; } = null!;

    /// <summary>The web the server's link previews and GIF proxy reach (<see cref="StandInInternet"/>).</summary>
    public FakeWebSite Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Web = await FakeWebSite.StartAsync(StandInInternet.Map);
        Server = await ChatalotTestServer.StartAsync(Provider, o => StandInInternet.Configure(o, Web));
        Api = Server.CreateApi();
        Owner = await Api.RegisterAsync("owner_" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
        await Web.DisposeAsync();
    }
}

public sealed class SqliteServerFixture() : ServerFixture(ChatalotDatabaseProvider.Sqlite);

public sealed class PostgresServerFixture() : ServerFixture(ChatalotDatabaseProvider.PostgreSql);
