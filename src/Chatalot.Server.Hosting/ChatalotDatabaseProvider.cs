namespace Chatalot.Server.Hosting;

/// <summary>The database engine the server stores its data in.</summary>
public enum ChatalotDatabaseProvider
{
    /// <summary>An embedded SQLite file under the data folder (WAL mode). The zero-set-up default.</summary>
    Sqlite,

    /// <summary>PostgreSQL, the production provider.</summary>
    PostgreSql,
}
