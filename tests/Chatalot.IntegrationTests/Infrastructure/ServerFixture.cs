using Chatalot.Protocol.Accounts;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>One running server per test class; its first registered user (the instance owner) is ready to use.</summary>
public abstract class ServerFixture(ChatalotDatabaseProvider provider, Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null) : IAsyncLifetime
{
    public ChatalotDatabaseProvider Provider { get; } = provider;

    public ChatalotTestServer Server { get; private set; } = null!;

    public ChatalotApi Api { get; private set; } = null!;

    public AuthResponse Owner { get; private set; } = null!;

    /// <summary>Where the server keeps attachments.</summary>
    public ChatalotAttachmentStore Store => Server.Services.GetRequiredService<IOptions<ChatalotServerOptions>>().Value.Attachments.Store;

    public async Task InitializeAsync()
    {
        Server = await ChatalotTestServer.StartAsync(Provider, configure);
        Api = Server.CreateApi();
        Owner = await Api.RegisterAsync("owner_" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class SqliteServerFixture() : ServerFixture(ChatalotDatabaseProvider.Sqlite);

public sealed class PostgresServerFixture() : ServerFixture(ChatalotDatabaseProvider.PostgreSql);

/// <summary>PostgreSQL with attachments stored in the database too (<see cref="ChatalotAttachmentStore.PostgreSql"/>).</summary>
public sealed class PostgresBlobServerFixture() : ServerFixture(ChatalotDatabaseProvider.PostgreSql, o => o with { Attachments = o.Attachments with { Store = ChatalotAttachmentStore.PostgreSql } });
