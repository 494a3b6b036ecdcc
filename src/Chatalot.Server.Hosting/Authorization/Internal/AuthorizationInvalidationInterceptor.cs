using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>
/// Invalidates <see cref="AuthorizationCache"/> from the database commands themselves, so every path that changes
/// membership, roles, channels, groups, communities, devices or blocks is covered — tracked <c>SaveChanges</c>,
/// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and raw SQL alike — without each service having to remember to.
/// A write command bumps its scopes once it has executed and, inside a transaction, again once the transaction has
/// committed (<see cref="AuthorizationTransactionInterceptor"/>): an entry read between the two is discarded by the
/// second bump, and no entry can be stored with an epoch taken after the commit unless its read saw the commit.
/// </summary>
internal sealed class AuthorizationInvalidationInterceptor(AuthorizationCache cache) : DbCommandInterceptor
{
    // Table names as the model maps them (ChatalotDbContext.OnModelCreating); a unit test keeps this list and the
    // model in step. They are matched as whole identifiers, quoted or not (Npgsql only quotes when it must).
    internal static readonly (string Table, AuthorizationScope Scope)[] WatchedTables =
    [
        ("communities", AuthorizationScope.Channels),
        ("community_members", AuthorizationScope.Channels),
        ("community_bans", AuthorizationScope.Channels),
        ("groups", AuthorizationScope.Channels),
        ("group_members", AuthorizationScope.Channels),
        ("channels", AuthorizationScope.Channels),
        ("community_roles", AuthorizationScope.Channels),
        ("community_member_roles", AuthorizationScope.Channels),
        ("permission_overrides", AuthorizationScope.Channels),
        ("devices", AuthorizationScope.Devices),
        ("user_blocks", AuthorizationScope.Blocks),
    ];

    private readonly ConditionalWeakTable<DbTransaction, ScopeBox> _pending = new();

    /// <summary>The scopes a command may change: none for reads, otherwise one per watched table it names.</summary>
    internal static AuthorizationScope ScopeOf(string? sql)
    {
        if (string.IsNullOrEmpty(sql) || sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return AuthorizationScope.None;
        }

        var scope = AuthorizationScope.None;
        foreach (var (table, tableScope) in WatchedTables)
        {
            if ((scope & tableScope) == 0 && ContainsIdentifier(sql, table))
            {
                scope |= tableScope;
            }
        }

        return scope;
    }

    // A false match only costs an extra invalidation; a missed one would serve stale permissions, so match generously.
    private static bool ContainsIdentifier(string sql, string name)
    {
        for (var at = sql.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = sql.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsIdentifierChar(sql[at - 1])) && (end == sql.Length || !IsIdentifierChar(sql[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Called by the transaction interceptor once a transaction ended: bumps whatever it wrote.</summary>
    internal void TransactionEnded(DbTransaction transaction)
    {
        if (_pending.TryGetValue(transaction, out var box))
        {
            _pending.Remove(transaction);
            cache.Invalidate(box.Scope);
        }
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Written(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Written(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Written(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Written(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Written(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Written(command);
        return ValueTask.FromResult(result);
    }

    // A multi-statement command (SaveChanges batches with RETURNING) runs its later statements while the reader is
    // consumed, so bump again once it has been read to the end.
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Written(command);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Written(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Written(command);
        return Task.CompletedTask;
    }

    private void Written(DbCommand command)
    {
        var scope = ScopeOf(command.CommandText);
        if (scope == AuthorizationScope.None)
        {
            return;
        }

        cache.Invalidate(scope);
        if (command.Transaction is { } transaction)
        {
            var box = _pending.GetValue(transaction, _ => new ScopeBox());
            lock (box)
            {
                box.Scope |= scope;
            }
        }
    }

    private sealed class ScopeBox
    {
        public AuthorizationScope Scope { get; set; }
    }
}
