using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>Registers the provider-specific context and exposes it as <see cref="ChatalotDbContext"/>.</summary>
internal static class DatabaseRegistration
{
    public static void Add(IServiceCollection services, ChatalotServerOptions options)
    {
        var database = options.Database;
        if (database.Provider == ChatalotDatabaseProvider.PostgreSql)
        {
            services.AddDbContextPool<PostgresChatalotDbContext>(o => o.UseNpgsql(database.ConnectionString));
            services.AddScoped<ChatalotDbContext>(sp => sp.GetRequiredService<PostgresChatalotDbContext>());
        }
        else
        {
            var connectionString = SqliteConnectionString(options);
            services.AddDbContextPool<SqliteChatalotDbContext>(o => o.UseSqlite(connectionString));
            services.AddScoped<ChatalotDbContext>(sp => sp.GetRequiredService<SqliteChatalotDbContext>());
        }
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
