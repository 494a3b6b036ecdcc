using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>
/// The commit half of <see cref="AuthorizationInvalidationInterceptor"/>: a write inside a transaction only becomes
/// visible to other connections at commit, so the cache is invalidated again then.
/// </summary>
internal sealed class AuthorizationTransactionInterceptor(AuthorizationInvalidationInterceptor commands) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        commands.TransactionEnded(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        commands.TransactionEnded(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        commands.TransactionEnded(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        commands.TransactionEnded(transaction);
        return Task.CompletedTask;
    }

    // A failed commit may still have committed (e.g. the connection dropped after the server committed).
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        commands.TransactionEnded(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        commands.TransactionEnded(transaction);
        return Task.CompletedTask;
    }
}
