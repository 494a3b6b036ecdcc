using System.Net;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Devices.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The encrypted key backup (crypto.md §15.5, rest.md §Key backup), on every storage provider.</summary>
public abstract class KeyBackupConformanceTests(ServerFixture fixture)
{
    private const string Backup = "/users/me/key-backup";

    private ChatalotApi Api => fixture.Api;

    private static Dictionary<string, byte[]> Entries(params string[] names) => names.ToDictionary(n => n, _ => RandomNumberGenerator.GetBytes(60));

    private Task<HttpResponseMessage> Put(AuthResponse user, byte[] keyId, IReadOnlyDictionary<string, byte[]> entries, long previous) =>
        Api.SendAsync(HttpMethod.Put, Backup, new KeyBackupUpload(keyId, entries, previous), user.AccessToken);

    [Fact]
    public async Task Backup_WritesBuildOnTheStoredVersion_SameKeyMerges_AnotherKeyReplaces()
    {
        var user = await Api.RegisterAsync();
        var key = RandomNumberGenerator.GetBytes(16);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, Backup, user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Put(user, key, Entries("account"), 1), HttpStatusCode.Conflict, ErrorCodes.BackupConflict);

        var first = Entries("account", "sessions/abc:1");
        var v1 = await Api.ExpectAsync<KeyBackup>(await Put(user, key, first, 0));
        Assert.Equal(1, v1.Version);
        Assert.Equal(key, v1.KeyId);
        Assert.Equal(first.OrderBy(e => e.Key, StringComparer.Ordinal), v1.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));

        // A write from a device that did not see version 1 is refused, whatever it holds.
        await Api.ExpectProblemAsync(Put(user, key, Entries("sender-keys/x"), 0), HttpStatusCode.Conflict, ErrorCodes.BackupConflict);
        await Api.ExpectProblemAsync(Put(user, RandomNumberGenerator.GetBytes(16), Entries("account"), 2), HttpStatusCode.Conflict, ErrorCodes.BackupConflict);

        // Same key id: entries merge, a name written again is replaced.
        var second = Entries("account", "sender-keys/chan_1.2-3");
        var v2 = await Api.ExpectAsync<KeyBackup>(await Put(user, key, second, 1));
        Assert.Equal(2, v2.Version);
        Assert.Equal(["account", "sender-keys/chan_1.2-3", "sessions/abc:1"], v2.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(second["account"], v2.Entries["account"]);
        Assert.Equal(first["sessions/abc:1"], v2.Entries["sessions/abc:1"]);
        var read = await Api.GetAsync<KeyBackup>(Backup, user.AccessToken);
        Assert.Equal((2L, 3), (read.Version, read.Entries.Count));
        Assert.Equal(key, read.KeyId);
        Assert.Equal(v2.UpdatedAt, read.UpdatedAt);

        // Another key id (a new recovery key) starts over with only the new entries.
        var newKey = RandomNumberGenerator.GetBytes(16);
        var third = Entries("account");
        var v3 = await Api.ExpectAsync<KeyBackup>(await Put(user, newKey, third, 2));
        Assert.Equal(3, v3.Version);
        Assert.Equal(newKey, v3.KeyId);
        Assert.Equal(third, v3.Entries.ToDictionary());

        // An empty write under the same key only moves the version on.
        Assert.Equal(4, (await Api.ExpectAsync<KeyBackup>(await Put(user, newKey, new Dictionary<string, byte[]>(), 3))).Version);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, Backup, user.AccessToken)).StatusCode);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, Backup, user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, Backup, user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(1, (await Api.ExpectAsync<KeyBackup>(await Put(user, key, Entries("account"), 0))).Version);
    }

    [Fact]
    public async Task Backup_BadKeyIdNamesOrEntrySizes_AreValidationFailures_AndStoreNothing()
    {
        var user = await Api.RegisterAsync();
        var key = RandomNumberGenerator.GetBytes(16);
        await Api.ExpectProblemAsync(Put(user, new byte[15], Entries("account"), 0), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Put(user, new byte[17], Entries("account"), 0), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Put(user, key, Entries("account"), -1), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        foreach (var name in new[] { "", "Account", "a b", "é", "a\\b", new string('a', ChatalotLimits.KeyBackupEntryNameMaxLength + 1) })
        {
            await Api.ExpectProblemAsync(Put(user, key, Entries(name), 0), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        }

        await Api.ExpectProblemAsync(Put(user, key, new Dictionary<string, byte[]> { ["a"] = [] }, 0), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Put(user, key, new Dictionary<string, byte[]> { ["a"] = new byte[ChatalotLimits.KeyBackupEntryMaxBytes + 1] }, 0), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, Backup, user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var longest = new string('z', ChatalotLimits.KeyBackupEntryNameMaxLength);
        var stored = await Api.ExpectAsync<KeyBackup>(await Put(user, key, new Dictionary<string, byte[]> { [longest] = new byte[ChatalotLimits.KeyBackupEntryMaxBytes] }, 0));
        Assert.Equal(ChatalotLimits.KeyBackupEntryMaxBytes, stored.Entries[longest].Length);
    }

    [Fact]
    public async Task Backup_PastItsEntryOrByteQuota_IsTooLarge_AndKeepsWhatItHad()
    {
        var user = await Api.RegisterAsync();
        var key = RandomNumberGenerator.GetBytes(16);
        var many = Enumerable.Range(0, ChatalotLimits.KeyBackupEntriesMax).ToDictionary(i => $"e{i}", _ => new byte[] { 1 });
        Assert.Equal(1, (await Api.ExpectAsync<KeyBackup>(await Put(user, key, many, 0))).Version);
        await Api.ExpectProblemAsync(Put(user, key, Entries("one-more"), 1), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Equal(2, (await Api.ExpectAsync<KeyBackup>(await Put(user, key, Entries("e0", "e1"), 1))).Version); // replacing keeps the count

        // Bytes: fill the quota in the database (a client would take ~50 writes), then one byte more is refused.
        var full = await Api.RegisterAsync();
        await Api.ExpectAsync<KeyBackup>(await Put(full, key, Entries("account"), 0));
        await using (var scope = fixture.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
            var chunk = new byte[ChatalotLimits.KeyBackupEntryMaxBytes];
            var filler = (ChatalotLimits.KeyBackupMaxBytes - 60) / chunk.Length;
            db.KeyBackupEntries.AddRange(Enumerable.Range(0, filler).Select(i => new KeyBackupEntryRow { UserId = full.User.Id, Name = $"fill/{i}", Data = chunk, Size = chunk.Length }));
            var rest = ChatalotLimits.KeyBackupMaxBytes - 60 - (filler * chunk.Length);
            if (rest > 0)
            {
                db.KeyBackupEntries.Add(new KeyBackupEntryRow { UserId = full.User.Id, Name = "fill/rest", Data = new byte[rest], Size = rest });
            }

            await db.SaveChangesAsync();
        }

        await Api.ExpectProblemAsync(Put(full, key, new Dictionary<string, byte[]> { ["extra"] = [1] }, 1), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        await Api.ExpectProblemAsync(Put(full, key, new Dictionary<string, byte[]> { ["account"] = new byte[61] }, 1), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Equal(2, (await Api.ExpectAsync<KeyBackup>(await Put(full, key, new Dictionary<string, byte[]> { ["account"] = new byte[60] }, 1))).Version);

        // A new key id drops the old entries first, so it fits again.
        Assert.Single((await Api.ExpectAsync<KeyBackup>(await Put(full, RandomNumberGenerator.GetBytes(16), Entries("account"), 2))).Entries);
    }

    [Fact]
    public async Task Backup_RacingWritesOnOneVersion_ExactlyOneLands()
    {
        var user = await Api.RegisterAsync();
        var key = RandomNumberGenerator.GetBytes(16);
        foreach (var previous in new[] { 0L, 1L })
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                using var response = await Put(user, key, Entries($"racer-{previous}-{i}"), previous);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }));
            Assert.Single(answers, a => a.Item1 == 200);
            Assert.All(answers.Where(a => a.Item1 != 200), a => Assert.Contains($"\"code\":\"{ErrorCodes.BackupConflict}\"", a.Item2, StringComparison.Ordinal));
        }

        var stored = await Api.GetAsync<KeyBackup>(Backup, user.AccessToken);
        Assert.Equal((2L, 2), (stored.Version, stored.Entries.Count));
    }
}

public sealed class KeyBackupSqliteTests(SqliteServerFixture fixture) : KeyBackupConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class KeyBackupPostgresTests(PostgresServerFixture fixture) : KeyBackupConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
