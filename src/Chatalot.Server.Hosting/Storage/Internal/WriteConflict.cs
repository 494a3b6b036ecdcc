using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>Recognises the database errors that mean "a concurrent request got there first", on either provider.</summary>
internal static class WriteConflict
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>
    /// True for a unique or primary-key violation (SQLite 19/2067 or 1555, PostgreSQL 23505), for PostgreSQL's
    /// serialization failure and deadlock (40001, 40P01), wherever they sit in the exception chain (EF wraps
    /// <c>SaveChanges</c> failures in a <c>DbUpdateException</c>, while bulk statements throw the provider's own), and
    /// for EF's concurrency failure: a row this request read was removed or changed before its own update or delete.
    /// </summary>
    public static bool IsRace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                case SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey }:
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                    return true;
            }
        }

        return false;
    }
}
