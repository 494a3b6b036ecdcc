using System.Data.Common;
using System.Text;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// The group commit's insert: one multi-row <c>INSERT … ON CONFLICT DO NOTHING RETURNING "Id"</c> per chunk of
/// messages, built from the EF model (table, column names, value converters, identifier quoting) so it stays in step
/// with migrations and works on every provider. Compared with <c>SaveChanges</c> it skips the change tracker and one
/// statement per row, and a duplicate idempotency key no longer aborts the batch: the unique index skips that row
/// and the missing id tells its sender to answer with the stored message instead. <c>Seq</c> is left to the database.
/// </summary>
internal sealed class MessageInsertCommand
{
    // 8 parameters a row: 100 rows stay far below SQLite's (32,766) and PostgreSQL's (65,535) parameter limits.
    public const int MaxRowsPerStatement = 100;

    private readonly string _table;
    private readonly string[] _columns;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly string _returning;
    private readonly string?[] _sqlByCount = new string?[MaxRowsPerStatement + 1];

    private MessageInsertCommand(IEntityType entity, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        IProperty[] properties =
        [
            entity.FindProperty(nameof(MessageRow.Id))!,
            entity.FindProperty(nameof(MessageRow.ChannelId))!,
            entity.FindProperty(nameof(MessageRow.SenderId))!,
            entity.FindProperty(nameof(MessageRow.SenderDeviceId))!,
            entity.FindProperty(nameof(MessageRow.IdempotencyKey))!,
            entity.FindProperty(nameof(MessageRow.Envelope))!,
            entity.FindProperty(nameof(MessageRow.ReplyToId))!,
            entity.FindProperty(nameof(MessageRow.CreatedAt))!,
        ];
        _table = sql.DelimitIdentifier(table.Name, table.Schema);
        _columns = [.. properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!))];
        _mappings = [.. properties.Select(p => p.GetRelationalTypeMapping())];
        _returning = _columns[0];
    }

    public static MessageInsertCommand Create(ChatalotDbContext db) =>
        new(db.Model.FindEntityType(typeof(MessageRow))!, db.GetService<ISqlGenerationHelper>());

    /// <summary>Inserts <paramref name="rows"/> (at most <see cref="MaxRowsPerStatement"/>) and adds the ids actually inserted to <paramref name="inserted"/>.</summary>
    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, ReadOnlyMemory<MessageRow> rows, HashSet<Guid> inserted, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = Sql(rows.Length);
            var span = rows.Span;
            for (var r = 0; r < span.Length; r++)
            {
                var row = span[r];
                var p = r * _columns.Length;
                Add(command, p, row.Id);
                Add(command, p + 1, row.ChannelId);
                Add(command, p + 2, row.SenderId);
                Add(command, p + 3, row.SenderDeviceId);
                Add(command, p + 4, row.IdempotencyKey);
                Add(command, p + 5, row.Envelope);
                Add(command, p + 6, row.ReplyToId);
                Add(command, p + 7, row.CreatedAt);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(reader.GetGuid(0));
                }
            }
        }
    }

    private void Add(DbCommand command, int index, object? value)
    {
        var mapping = _mappings[index % _columns.Length];
        command.Parameters.Add(mapping.CreateParameter(command, ParameterName(index), value, nullable: value is null));
    }

    private static string ParameterName(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Sql(int rows)
    {
        if (_sqlByCount[rows] is { } cached)
        {
            return cached;
        }

        var sb = new StringBuilder("INSERT INTO ").Append(_table).Append(" (").AppendJoin(", ", _columns).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                sb.Append(c == 0 ? "" : ", ").Append(ParameterName((r * _columns.Length) + c));
            }

            sb.Append(')');
        }

        sb.Append(" ON CONFLICT DO NOTHING RETURNING ").Append(_returning);
        return _sqlByCount[rows] = sb.ToString();
    }
}
