using System.Text;
using Chatalot.Client.Storage;
using Microsoft.Data.Sqlite;

namespace Chatalot.Client.Tests.Storage;

public sealed class EncryptedSqliteStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chatalot-store-").FullName;

    // Cheapest accepted Argon2id cost, so tests stay fast; production defaults are 64 MiB × 3.
    private EncryptedSqliteStoreOptions Options(string name = "store.db") =>
        new() { Path = Path.Combine(_directory, name), PassphraseMemoryKiB = 8 * 1024, PassphrasePasses = 1 };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PutThenGet_AfterReopenWithSamePassphrase_ReturnsValue()
    {
        using (var key = StoreKey.FromPassphrase("correct horse battery"))
        {
            await using var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
            await store.PutAsync("sessions", "alice:device-1", "state-1"u8.ToArray(), CancellationToken.None);
            await store.PutAsync("sessions", "alice:device-1", "state-2"u8.ToArray(), CancellationToken.None);
        }

        using var again = StoreKey.FromPassphrase("correct horse battery");
        await using var reopened = await EncryptedSqliteStore.OpenAsync(Options(), again, CancellationToken.None);
        Assert.Equal("state-2"u8.ToArray(), await reopened.GetAsync("sessions", "alice:device-1", CancellationToken.None));
        Assert.Null(await reopened.GetAsync("sessions", "bob:device-1", CancellationToken.None));
        Assert.Null(await reopened.GetAsync("never_written", "x", CancellationToken.None));
    }

    [Fact]
    public async Task Open_WrongPassphrase_ThrowsKeyMismatch()
    {
        using (var key = StoreKey.FromPassphrase("correct horse battery"))
        {
            await using var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
        }

        using var wrong = StoreKey.FromPassphrase("incorrect horse battery");
        var error = await Assert.ThrowsAsync<ChatalotStoreException>(() => EncryptedSqliteStore.OpenAsync(Options(), wrong, CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreKeyMismatch, error.Code);
    }

    [Fact]
    public async Task Open_HostKey_WorksAndRejectsOtherKey()
    {
        using var key = StoreKey.Generate();
        await using (var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None))
        {
            await store.PutAsync("identity", "self", new byte[] { 1, 2, 3 }, CancellationToken.None);
        }

        using var same = StoreKey.FromBytes(key.ExportBytes());
        await using (var store = await EncryptedSqliteStore.OpenAsync(Options(), same, CancellationToken.None))
        {
            Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync("identity", "self", CancellationToken.None));
        }

        using var other = StoreKey.Generate();
        var error = await Assert.ThrowsAsync<ChatalotStoreException>(() => EncryptedSqliteStore.OpenAsync(Options(), other, CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreKeyMismatch, error.Code);
    }

    [Fact]
    public async Task File_NeverContainsPlaintextValuesOrKeys()
    {
        using var key = StoreKey.Generate();
        await using (var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None))
        {
            await store.PutAsync("pinned_identities", "user-alice-0f3c", Encoding.UTF8.GetBytes("PLAINTEXT-MARKER-0123456789"), CancellationToken.None);
        }

        var bytes = await File.ReadAllBytesAsync(Options().Path!, CancellationToken.None);
        var text = Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("PLAINTEXT-MARKER", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user-alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(key.ExportBytes()), Convert.ToHexString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RowsSwappedBetweenKeys_ThrowsRecordCorrupt()
    {
        using var key = StoreKey.Generate();
        await using (var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None))
        {
            await store.PutAsync("sessions", "a", "A"u8.ToArray(), CancellationToken.None);
            await store.PutAsync("sessions", "b", "B"u8.ToArray(), CancellationToken.None);
        }

        // An attacker with the file swaps the two ciphertexts.
        await using (var raw = new SqliteConnection($"Data Source={Options().Path};Pooling=False"))
        {
            await raw.OpenAsync(CancellationToken.None);
            var rows = new List<(byte[] Id, byte[] Data)>();
            using (var read = raw.CreateCommand())
            {
                read.CommandText = "SELECT id, data FROM rec_sessions";
                using var reader = await read.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    rows.Add(((byte[])reader[0], (byte[])reader[1]));
                }
            }

            Assert.Equal(2, rows.Count);
            for (var i = 0; i < 2; i++)
            {
                using var write = raw.CreateCommand();
                write.CommandText = "UPDATE rec_sessions SET data = $data WHERE id = $id";
                write.Parameters.AddWithValue("$id", rows[i].Id);
                write.Parameters.AddWithValue("$data", rows[1 - i].Data);
                await write.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        await using var reopened = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ChatalotStoreException>(async () => await reopened.GetAsync("sessions", "a", CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreRecordCorrupt, error.Code);
    }

    [Fact]
    public async Task ListAndDelete_WorkPerKind()
    {
        using var key = StoreKey.Generate();
        await using var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
        await store.PutAsync("prekeys", "1", "one"u8.ToArray(), CancellationToken.None);
        await store.PutAsync("prekeys", "2", "two"u8.ToArray(), CancellationToken.None);
        await store.PutAsync("sessions", "1", "other kind"u8.ToArray(), CancellationToken.None);

        Assert.True(await store.DeleteAsync("prekeys", "1", CancellationToken.None));
        Assert.False(await store.DeleteAsync("prekeys", "1", CancellationToken.None));
        var items = new List<KeyValuePair<string, byte[]>>();
        await foreach (var item in store.ListAsync("prekeys", CancellationToken.None))
        {
            items.Add(item);
        }

        var only = Assert.Single(items);
        Assert.Equal("2", only.Key);
        Assert.Equal("two"u8.ToArray(), only.Value);
    }

    [Theory]
    [InlineData("Sessions")]
    [InlineData("x; DROP TABLE meta")]
    [InlineData("")]
    public async Task Kind_NotAnIdentifier_IsRejected(string kind)
    {
        using var key = StoreKey.Generate();
        await using var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.PutAsync(kind, "k", "v"u8.ToArray(), CancellationToken.None));
    }

    [Fact]
    public async Task Use_AfterDispose_ThrowsStoreClosed()
    {
        using var key = StoreKey.Generate();
        var store = await EncryptedSqliteStore.OpenAsync(Options(), key, CancellationToken.None);
        await store.DisposeAsync();
        var error = await Assert.ThrowsAsync<ChatalotStoreException>(async () => await store.GetAsync("sessions", "a", CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreClosed, error.Code);
        error = await Assert.ThrowsAsync<ChatalotStoreException>(async () => await store.PutAsync("sessions", "a", new byte[] { 1 }, CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreClosed, error.Code);
        error = await Assert.ThrowsAsync<ChatalotStoreException>(async () => await store.DeleteAsync("sessions", "a", CancellationToken.None));
        Assert.Equal(ClientErrorCodes.StoreClosed, error.Code);
    }

    [Fact]
    public void StoreKey_ToString_NeverRevealsSecret()
    {
        using var key = StoreKey.FromPassphrase("hunter2hunter2");
        Assert.DoesNotContain("hunter2", key.ToString(), StringComparison.Ordinal);
        using var raw = StoreKey.Generate();
        Assert.DoesNotContain(Convert.ToHexString(raw.ExportBytes()), raw.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => StoreKey.FromPassphrase("short"));
    }
}
