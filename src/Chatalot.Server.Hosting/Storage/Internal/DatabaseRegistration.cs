using Chatalot.Server.Hosting.Authorization.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>Registers the provider-specific context and exposes it as <see cref="ChatalotDbContext"/>.</summary>
internal static class DatabaseRegistration
{
    public static void Add(IServiceCollection services, ChatalotServerOptions options)
    {
        services.AddSingleton<AuthorizationCache>();
        services.AddSingleton<AuthorizationInvalidationInterceptor>();
        services.AddSingleton<AuthorizationTransactionInterceptor>();
        var database = options.Database;
        if (database.Provider == ChatalotDatabaseProvider.PostgreSql)
        {
            services.AddDbContextPool<PostgresChatalotDbContext>((sp, o) => Intercept(sp, o.UseNpgsql(database.ConnectionString)));
            services.AddScoped<ChatalotDbContext>(sp => sp.GetRequiredService<PostgresChatalotDbContext>());
        }
        else
        {
            var connectionString = SqliteConnectionString(options);
            services.AddDbContextPool<SqliteChatalotDbContext>((sp, o) => Intercept(sp, o.UseSqlite(connectionString)));
            services.AddScoped<ChatalotDbContext>(sp => sp.GetRequiredService<SqliteChatalotDbContext>());
        }
    }

    // Every context invalidates the authorisation cache from the writes it executes (AuthorizationCache).
    private static void Intercept(IServiceProvider services, DbContextOptionsBuilder builder) =>
        builder.AddInterceptors(
            services.GetRequiredService<AuthorizationInvalidationInterceptor>(),
            services.GetRequiredService<AuthorizationTransactionInterceptor>());

    /// <summary>The SQLite database file, when it is a file in an existing folder (not <c>:memory:</c> or a shared-memory URI).</summary>
    public static string? SqliteFile(ChatalotServerOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(SqliteConnectionString(options));
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var full = Path.GetFullPath(source);
        return Directory.Exists(Path.GetDirectoryName(full)) ? full : null;
    }

    public static string SqliteConnectionString(ChatalotServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            return options.Database.ConnectionString;
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(options.DataDirectory, "chatalot.db")),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }
}
