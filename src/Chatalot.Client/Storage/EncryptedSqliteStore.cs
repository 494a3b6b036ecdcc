using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Chatalot.Client.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Chatalot.Client.Storage;

/// <summary>
/// A persistent key-value store in one SQLite file, encrypted at rest: every record is sealed with
/// XChaCha20-Poly1305 under a key from a passphrase (Argon2id) or from the host, bound to its kind and key, and looked
/// up by a keyed hash so the file reveals neither contents nor whom the records are about. One table per record kind
/// (identity, prekeys, sessions, sender keys, pinned identities…). Thread-safe; operations are serialised. This is the
/// <see cref="IDeviceStore"/> the client opens from <see cref="ChatalotClientOptions.StorePath"/>.
/// </summary>
public sealed partial class EncryptedSqliteStore : IDeviceStore, IAsyncDisposable
{
    private const int FormatVersion = 1;
    private static readonly byte[] KeyCheckPlaintext = Encoding.ASCII.GetBytes("chatalot-store key check");

    private readonly SqliteConnection _connection;
    private readonly StoreCipher _cipher;
#pragma warning disable CA2213 // Left undisposed on purpose: late callers get StoreClosed, not ObjectDisposedException; it owns no wait handle.
    private readonly SemaphoreSlim _gate = new(1, 1);
#pragma warning restore CA2213
    private readonly HashSet<string> _tables = new(StringComparer.Ordinal);
    private bool _disposed;

    private EncryptedSqliteStore(SqliteConnection connection, StoreCipher cipher)
    {
        _connection = connection;
        _cipher = cipher;
    }

    /// <summary>Opens (or creates) the store at <see cref="EncryptedSqliteStoreOptions.Path"/>.</summary>
    /// <param name="options">Where the store lives and how a new passphrase is stretched.</param>
    /// <param name="key">The passphrase or raw key; the caller keeps ownership and may dispose it afterwards.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="ChatalotStoreException">The key does not open this store (<see cref="ClientErrorCodes.StoreKeyMismatch"/>),
    /// or the file has an unknown format.</exception>
    public static async Task<EncryptedSqliteStore> OpenAsync(EncryptedSqliteStoreOptions options, StoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        options.Validate();

        // No pooling: disposing the store must release the file (tests, key rotation, deleting an account).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        StoreCipher? cipher = null;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var meta = await ReadMetaAsync(connection, cancellationToken).ConfigureAwait(false);
            cipher = meta.Count == 0
                ? await InitialiseAsync(connection, options, key, cancellationToken).ConfigureAwait(false)
                : OpenExisting(meta, key);
            return new EncryptedSqliteStore(connection, cipher);
        }
        catch
        {
            cipher?.Dispose();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a record.</summary>
    /// <param name="kind">The record kind (table): lower-case letters, digits and <c>_</c>, starting with a letter.</param>
    /// <param name="key">The record key within its kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when there is no such record.</returns>
    /// <exception cref="ChatalotStoreException">The record failed authentication (<see cref="ClientErrorCodes.StoreRecordCorrupt"/>).</exception>
    public async ValueTask<byte[]?> GetAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ValidateKind(kind);
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = _cipher.LookupId(kind, key);
            if (!await EnsureTableAsync(kind, create: false, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT data FROM {Table(kind)} WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not byte[] blob)
            {
                return null;
            }

            var (storedKey, value) = _cipher.Open(kind, id, blob);
            return string.Equals(storedKey, key, StringComparison.Ordinal) ? value : throw StoreCipher.Corrupt(kind);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates or replaces a record.</summary>
    /// <param name="kind">The record kind (table).</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value to seal.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the record is durable.</returns>
    public async ValueTask PutAsync(string kind, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ValidateKind(kind);
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Sealed inside the lock: after disposal the key is gone and EnterAsync reports StoreClosed instead.
            var id = _cipher.LookupId(kind, key);
            var blob = _cipher.Seal(kind, id, key, value.Span);
            await EnsureTableAsync(kind, create: true, cancellationToken).ConfigureAwait(false);
            using var command = _connection.CreateCommand();
            command.CommandText = $"INSERT INTO {Table(kind)} (id, data) VALUES ($id, $data) ON CONFLICT(id) DO UPDATE SET data = excluded.data";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$data", blob);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes a record.</summary>
    /// <param name="kind">The record kind (table).</param>
    /// <param name="key">The record key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Whether a record was deleted.</returns>
    public async ValueTask<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        ValidateKind(kind);
        ArgumentNullException.ThrowIfNull(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = _cipher.LookupId(kind, key);
            if (!await EnsureTableAsync(kind, create: false, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = $"DELETE FROM {Table(kind)} WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every record of a kind (in no particular order).</summary>
    /// <param name="kind">The record kind (table).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records' keys and values.</returns>
    /// <exception cref="ChatalotStoreException">A record failed authentication.</exception>
    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ListAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ValidateKind(kind);
        List<(byte[] Id, byte[] Blob)> rows = [];
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await EnsureTableAsync(kind, create: false, cancellationToken).ConfigureAwait(false))
            {
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT id, data FROM {Table(kind)}";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(((byte[])reader[0], (byte[])reader[1]));
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var (id, blob) in rows)
        {
            var (key, value) = _cipher.Open(kind, id, blob);
            if (!CryptographicOperations.FixedTimeEquals(id, _cipher.LookupId(kind, key)))
            {
                throw StoreCipher.Corrupt(kind);
            }

            yield return new KeyValuePair<string, byte[]>(key, value);
        }
    }

    /// <summary>Closes the database and zeroes the keys.</summary>
    /// <returns>A task that completes once closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _connection.DisposeAsync().ConfigureAwait(false);
            _cipher.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            _gate.Release();
            throw new ChatalotStoreException(ClientErrorCodes.StoreClosed, "The store is closed.");
        }
    }

    private async Task<bool> EnsureTableAsync(string kind, bool create, CancellationToken cancellationToken)
    {
        if (_tables.Contains(kind))
        {
            return true;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = create
            ? $"CREATE TABLE IF NOT EXISTS {Table(kind)} (id BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID"
            : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", Table(kind));
        var exists = create || await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        if (create)
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (exists)
        {
            _tables.Add(kind);
        }

        return exists;
    }

    private static async Task<StoreCipher> InitialiseAsync(SqliteConnection connection, EncryptedSqliteStoreOptions options, StoreKey key, CancellationToken cancellationToken)
    {
        var meta = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["format"] = Encoding.ASCII.GetBytes(FormatVersion.ToString(CultureInfo.InvariantCulture)),
            ["kdf"] = Encoding.ASCII.GetBytes(key.IsPassphrase ? "argon2id" : "raw"),
        };
        StoreCipher cipher;
        if (key.IsPassphrase)
        {
            var salt = RandomNumberGenerator.GetBytes(StoreCipher.SaltSize);
            meta["salt"] = salt;
            meta["argon2_memory_kib"] = Encoding.ASCII.GetBytes(options.PassphraseMemoryKiB.ToString(CultureInfo.InvariantCulture));
            meta["argon2_passes"] = Encoding.ASCII.GetBytes(options.PassphrasePasses.ToString(CultureInfo.InvariantCulture));
            cipher = StoreCipher.FromPassphrase(key.Secret, salt, options.PassphraseMemoryKiB, options.PassphrasePasses);
        }
        else
        {
            cipher = StoreCipher.FromRawKey(key.Secret);
        }

        meta["key_check"] = cipher.Seal("meta", KeyCheckPlaintext, "key_check", KeyCheckPlaintext);
        var transaction = connection.BeginTransaction();
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var (name, value) in meta)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO meta (name, value) VALUES ($name, $value)";
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.AddWithValue("$value", value);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return cipher;
    }

    private static StoreCipher OpenExisting(Dictionary<string, byte[]> meta, StoreKey key)
    {
        if (!meta.TryGetValue("format", out var format) || Encoding.ASCII.GetString(format) != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new ChatalotStoreException(ClientErrorCodes.StoreUnsupportedFormat, "The store was written by an unsupported version of the client.");
        }

        var kdf = Encoding.ASCII.GetString(meta.GetValueOrDefault("kdf") ?? []);
        if (kdf != (key.IsPassphrase ? "argon2id" : "raw"))
        {
            throw new ChatalotStoreException(ClientErrorCodes.StoreKeyMismatch, $"This store is protected by a {(kdf == "raw" ? "raw key" : "passphrase")}, not a {(key.IsPassphrase ? "passphrase" : "raw key")}.");
        }

        var cipher = key.IsPassphrase
            ? StoreCipher.FromPassphrase(key.Secret, meta["salt"], ReadInt(meta, "argon2_memory_kib"), ReadInt(meta, "argon2_passes"))
            : StoreCipher.FromRawKey(key.Secret);
        try
        {
            cipher.Open("meta", KeyCheckPlaintext, meta.GetValueOrDefault("key_check") ?? []);
            return cipher;
        }
        catch (ChatalotStoreException ex)
        {
            cipher.Dispose();
            throw new ChatalotStoreException(ClientErrorCodes.StoreKeyMismatch, "The key or passphrase does not open this store.", ex);
        }
    }

    private static int ReadInt(Dictionary<string, byte[]> meta, string name) =>
        int.TryParse(Encoding.ASCII.GetString(meta.GetValueOrDefault(name) ?? []), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ChatalotStoreException(ClientErrorCodes.StoreUnsupportedFormat, $"The store's '{name}' setting is missing or invalid.");

    private static async Task<Dictionary<string, byte[]>> ReadMetaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var meta = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM meta";
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                meta[reader.GetString(0)] = (byte[])reader[1];
            }
        }

        return meta;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Kinds become table names, so they are restricted to a safe identifier alphabet (no SQL injection through a kind).
    private static void ValidateKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!KindPattern().IsMatch(kind))
        {
            throw new ArgumentException("A record kind must match ^[a-z][a-z0-9_]{0,47}$.", nameof(kind));
        }
    }

    private static string Table(string kind) => "rec_" + kind;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
