using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>The SQLite flavour of the schema (migrations under <c>Storage/Migrations/Sqlite</c>).</summary>
internal sealed class SqliteChatalotDbContext(DbContextOptions<SqliteChatalotDbContext> options) : ChatalotDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and EF cannot order or compare DateTimeOffset stored as text; every
        // timestamp is UTC, so the binary (ticks) form sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without a running host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChatalotDbContext>
{
    public SqliteChatalotDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteChatalotDbContext>().UseSqlite("Data Source=design.db").Options);
}
