using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>The PostgreSQL flavour of the schema (migrations under <c>Storage/Migrations/Postgres</c>).</summary>
internal sealed class PostgresChatalotDbContext(DbContextOptions<PostgresChatalotDbContext> options) : ChatalotDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context without a database.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresChatalotDbContext>
{
    public PostgresChatalotDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresChatalotDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
