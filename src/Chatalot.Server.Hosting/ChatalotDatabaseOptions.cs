namespace Chatalot.Server.Hosting;

/// <summary>Database settings, bound from <c>Chatalot:Database</c>.</summary>
public sealed record ChatalotDatabaseOptions
{
    /// <summary>The engine. Default: <see cref="ChatalotDatabaseProvider.Sqlite"/>.</summary>
    public ChatalotDatabaseProvider Provider { get; init; } = ChatalotDatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string. Required for PostgreSQL; for SQLite it defaults to <c>chatalot.db</c> under the data folder.
    /// Never logged.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>Whether to apply pending migrations at start-up (creating the schema on first start). Default: on.</summary>
    public bool MigrateOnStartup { get; init; } = true;

    /// <summary>
    /// SQLite only: durability of the group commit that stores new messages. Default:
    /// <see cref="ChatalotSqliteSynchronous.Full"/> (survives power loss). See docs/articles/architecture.md.
    /// </summary>
    public ChatalotSqliteSynchronous SqliteSynchronous { get; init; } = ChatalotSqliteSynchronous.Full;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new InvalidOperationException("Chatalot:Database:Provider must be Sqlite or PostgreSql.");
        }

        if (!Enum.IsDefined(SqliteSynchronous))
        {
            throw new InvalidOperationException("Chatalot:Database:SqliteSynchronous must be Full or Normal.");
        }

        if (Provider == ChatalotDatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("Chatalot:Database:ConnectionString is required for PostgreSQL.");
        }
    }

    /// <summary>Redacts the connection string, which may hold a password.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"ChatalotDatabaseOptions {{ Provider = {Provider}, MigrateOnStartup = {MigrateOnStartup}, SqliteSynchronous = {SqliteSynchronous} }}";
}
