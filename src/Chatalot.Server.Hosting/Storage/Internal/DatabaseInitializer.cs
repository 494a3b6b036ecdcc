using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>
/// Creates the data folder (owner-only, see <see cref="DataDirectory"/>) and applies migrations before the server
/// accepts requests; turns on SQLite WAL.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<ChatalotServerOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        DataDirectory.Ensure(o.DataDirectory);
        DataDirectory.TightenFiles(o.DataDirectory);
        if (o.Database.Provider == ChatalotDatabaseProvider.Sqlite && DatabaseRegistration.SqliteFile(o) is { } file)
        {
            DataDirectory.EnsureFile(file);
        }

        if (!o.Database.MigrateOnStartup)
        {
            return;
        }

        var scope = scopes.CreateAsyncScope();
        await using var scopeScope = scope.ConfigureAwait(false);
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed during a write; it is a property of the file, so setting it once persists.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        LogMigrated(logger, o.Database.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Chatalot database ready ({Provider})")]
    private static partial void LogMigrated(ILogger logger, ChatalotDatabaseProvider provider);
}
