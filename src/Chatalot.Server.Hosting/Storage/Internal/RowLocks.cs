using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>
/// Serialises the writers of one user or one community for the rest of the current transaction, where a check and
/// the write it guards must not interleave with a concurrent request's (a per-user count limit, role positions that
/// a create shifts). Call inside <see cref="TransactionExtensions.InTransactionAsync"/>, before the reads the write
/// depends on.
/// <para>
/// PostgreSQL: <c>SELECT ... FOR UPDATE</c> on the row, held until commit; under READ COMMITTED every later statement
/// of the transaction sees what the previous holder committed. SQLite: nothing to do, since Microsoft.Data.Sqlite
/// begins transactions with <c>BEGIN IMMEDIATE</c>, which already takes the database's single write lock. A
/// <c>SELECT</c> is not a write, so the authorisation cache's invalidation ignores it.
/// </para>
/// </summary>
internal static class RowLocks
{
    public static Task LockUserAsync(this ChatalotDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db is PostgresChatalotDbContext
            ? db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM users WHERE \"Id\" = {userId} FOR UPDATE", cancellationToken)
            : Task.CompletedTask;

    public static Task LockCommunityAsync(this ChatalotDbContext db, Guid communityId, CancellationToken cancellationToken) =>
        db is PostgresChatalotDbContext
            ? db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM communities WHERE \"Id\" = {communityId} FOR UPDATE", cancellationToken)
            : Task.CompletedTask;
}
