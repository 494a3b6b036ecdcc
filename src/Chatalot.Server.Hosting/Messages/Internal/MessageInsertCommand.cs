using System.Data.Common;
using System.Globalization;
using System.Text;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// The group commit's insert: multi-row <c>INSERT … ON CONFLICT DO NOTHING RETURNING "Id"</c> statements built from the
/// EF model (table and column names, value converters, identifier quoting), so they stay in step with migrations and
/// work on every provider. Compared with <c>SaveChanges</c> it skips the change tracker and one statement per row, and
/// a duplicate idempotency key no longer aborts the batch: the unique index skips that row and the missing id tells its
/// sender to answer with the stored message. <c>Seq</c> is left to the database.
/// <para>
/// Statements come in power-of-two sizes (1, 2, 4 … <see cref="MaxRowsPerStatement"/>) and stay prepared on the
/// writer's long-lived connection: a batch of any size is a few executions of already-parsed statements whose
/// parameters only get new values. One instance per connection; not thread-safe (the writer is single-threaded).
/// </para>
/// </summary>
internal sealed class MessageInsertCommand : IAsyncDisposable
{
    // 12 parameters a row: 64 rows stay far below SQLite's (32,766) and PostgreSQL's (65,535) parameter limits.
    public const int MaxRowsPerStatement = 64;

    private const int Columns = 12;

    private readonly DbConnection _connection;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly DbCommand?[] _bySizeLog2 = new DbCommand?[7];
    private readonly string _referenceSql;
    private readonly RelationalTypeMapping _referenceMessageId;
    private readonly RelationalTypeMapping _referenceAttachmentId;
    private DbCommand? _reference;

    private MessageInsertCommand(DbConnection connection, IEntityType entity, IEntityType references, ISqlGenerationHelper sql)
    {
        _connection = connection;
        var referenceTable = StoreObjectIdentifier.Table(references.GetTableName()!, references.GetSchema());
        var messageId = references.FindProperty(nameof(MessageAttachmentRow.MessageId))!;
        var attachmentId = references.FindProperty(nameof(MessageAttachmentRow.AttachmentId))!;
        _referenceSql = $"INSERT INTO {sql.DelimitIdentifier(referenceTable.Name, referenceTable.Schema)} ({sql.DelimitIdentifier(messageId.GetColumnName(referenceTable)!)}, " +
            $"{sql.DelimitIdentifier(attachmentId.GetColumnName(referenceTable)!)}) VALUES (@m, @a) ON CONFLICT DO NOTHING";
        _referenceMessageId = messageId.GetRelationalTypeMapping();
        _referenceAttachmentId = attachmentId.GetRelationalTypeMapping();
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
            entity.FindProperty(nameof(MessageRow.ThreadRootId))!,
            entity.FindProperty(nameof(MessageRow.FrankCommitment))!,
            entity.FindProperty(nameof(MessageRow.FrankTag))!,
            entity.FindProperty(nameof(MessageRow.FrankKeyId))!,
        ];
        _table = sql.DelimitIdentifier(table.Name, table.Schema);
        _columns = [.. properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!))];
        _mappings = [.. properties.Select(p => p.GetRelationalTypeMapping())];
    }

    /// <summary>Statements for <paramref name="db"/>'s open connection.</summary>
    public static MessageInsertCommand Create(ChatalotDbContext db) =>
        new(db.Database.GetDbConnection(), db.Model.FindEntityType(typeof(MessageRow))!, db.Model.FindEntityType(typeof(MessageAttachmentRow))!, db.GetService<ISqlGenerationHelper>());

    /// <summary>Records (message, attachment) references inside <paramref name="transaction"/>; rare, so one row a statement.</summary>
    public async Task InsertAttachmentReferencesAsync(DbTransaction transaction, IEnumerable<(Guid MessageId, Guid AttachmentId)> references, CancellationToken cancellationToken)
    {
        foreach (var (messageId, attachmentId) in references)
        {
            if (_reference is null)
            {
                _reference = _connection.CreateCommand();
                _reference.CommandText = _referenceSql;
                _reference.Parameters.Add(_referenceMessageId.CreateParameter(_reference, "@m", null, nullable: false));
                _reference.Parameters.Add(_referenceAttachmentId.CreateParameter(_reference, "@a", null, nullable: false));
            }

            _reference.Transaction = transaction;
            _reference.Parameters[0].Value = _referenceMessageId.Converter?.ConvertToProvider(messageId) ?? messageId;
            _reference.Parameters[1].Value = _referenceAttachmentId.Converter?.ConvertToProvider(attachmentId) ?? attachmentId;
            await _reference.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Inserts <paramref name="rows"/> inside <paramref name="transaction"/> and adds the ids actually inserted to <paramref name="inserted"/>.</summary>
    public async Task ExecuteAsync(DbTransaction transaction, ReadOnlyMemory<MessageRow> rows, HashSet<Guid> inserted, CancellationToken cancellationToken)
    {
        while (rows.Length > 0)
        {
            // Largest prepared size that fits: a batch of n rows takes at most log2(64) + n / 64 executions.
            var log2 = Math.Min(6, 31 - int.LeadingZeroCount(rows.Length));
            var size = 1 << log2;
            var command = _bySizeLog2[log2] ??= CreateCommand(size);
            command.Transaction = transaction;
            var span = rows.Span[..size];
            for (var r = 0; r < span.Length; r++)
            {
                var row = span[r];
                var p = r * Columns;
                Set(command, p, row.Id);
                Set(command, p + 1, row.ChannelId);
                Set(command, p + 2, row.SenderId);
                Set(command, p + 3, row.SenderDeviceId);
                Set(command, p + 4, row.IdempotencyKey);
                Set(command, p + 5, row.Envelope);
                Set(command, p + 6, row.ReplyToId);
                Set(command, p + 7, row.CreatedAt);
                Set(command, p + 8, row.ThreadRootId);
                Set(command, p + 9, row.FrankCommitment);
                Set(command, p + 10, row.FrankTag);
                Set(command, p + 11, row.FrankKeyId);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(reader.GetGuid(0));
                }
            }

            rows = rows[size..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reference is not null)
        {
            await _reference.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var command in _bySizeLog2)
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Set(DbCommand command, int index, object? value)
    {
        // Same conversion EF applies (e.g. DateTimeOffset to ticks on SQLite); the parameter's type was set once.
        var mapping = _mappings[index % Columns];
        command.Parameters[index].Value = value is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(value) ?? value;
    }

    private DbCommand CreateCommand(int rows)
    {
        var command = _connection.CreateCommand();
        var sql = new StringBuilder("INSERT INTO ").Append(_table).Append(" (").AppendJoin(", ", _columns).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < Columns; c++)
            {
                var name = "@p" + ((r * Columns) + c).ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "" : ", ").Append(name);
                command.Parameters.Add(_mappings[c].CreateParameter(command, name, null, nullable: true));
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(" ON CONFLICT DO NOTHING RETURNING ").Append(_columns[0]).ToString();
        return command;
    }
}
