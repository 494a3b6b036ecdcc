using System.Buffers;
using Chatalot.Protocol;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Devices.Internal;

/// <summary>
/// The account's encrypted key backup (crypto.md §15.5): sealed entries by name under a recovery key the server never
/// sees. Writes name the version they build on, so two devices cannot overwrite each other's entries unknowingly;
/// a write under another key id starts a new backup, one under the same key id merges its entries.
/// </summary>
internal sealed class KeyBackupService(ChatalotDbContext db, Clock clock)
{
    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789:/._-");

    public async Task<KeyBackup> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        var row = await db.KeyBackups.AsNoTracking().FirstOrDefaultAsync(b => b.UserId == caller.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The key backup");
        return await ToDtoAsync(row, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyBackup> PutAsync(Caller caller, KeyBackupUpload upload, CancellationToken cancellationToken)
    {
        Validate(upload);
        KeyBackupRow row = null!;
        await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear(); // a rerun of the strategy starts from nothing
            var stored = await db.KeyBackups.FirstOrDefaultAsync(b => b.UserId == caller.UserId, ct).ConfigureAwait(false);
            var current = stored?.Version ?? 0;
            if (upload.PreviousVersion != current)
            {
                throw Fail.Code(ErrorCodes.BackupConflict, 409, $"The backup is at version {current}; read it and write on top of that.");
            }

            var replace = stored is null || !stored.KeyId.AsSpan().SequenceEqual(upload.KeyId);
            var names = upload.Entries.Keys.ToList();
            var kept = replace
                ? []
                : await db.KeyBackupEntries.AsNoTracking().Where(e => e.UserId == caller.UserId && !names.Contains(e.Name))
                    .Select(e => e.Size).ToListAsync(ct).ConfigureAwait(false);
            var count = kept.Count + upload.Entries.Count;
            var bytes = kept.Sum(s => (long)s) + upload.Entries.Values.Sum(v => (long)v.Length);
            if (count > ChatalotLimits.KeyBackupEntriesMax || bytes > ChatalotLimits.KeyBackupMaxBytes)
            {
                throw Fail.TooLarge($"A key backup holds at most {ChatalotLimits.KeyBackupEntriesMax} entries and {ChatalotLimits.KeyBackupMaxBytes} bytes; this write would make {count} entries and {bytes} bytes.");
            }

            if (stored is null)
            {
                stored = new KeyBackupRow { UserId = caller.UserId };
                db.KeyBackups.Add(stored);
            }

            stored.Version = current + 1;
            stored.KeyId = upload.KeyId;
            stored.UpdatedAt = clock.UtcNow;

            // The version is a concurrency token: a write that read the same version as a racing one matches no row
            // here and is rerun (RaceSafeWriteFilter), where it meets the new version (409). Two first writes collide
            // on the key instead. Saving it first also takes the row's lock before the entries change.
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await (replace
                ? db.KeyBackupEntries.Where(e => e.UserId == caller.UserId)
                : db.KeyBackupEntries.Where(e => e.UserId == caller.UserId && names.Contains(e.Name))).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            db.KeyBackupEntries.AddRange(upload.Entries.Select(e => new KeyBackupEntryRow { UserId = caller.UserId, Name = e.Key, Data = e.Value, Size = e.Value.Length }));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            row = stored;
        }, cancellationToken).ConfigureAwait(false);

        return await ToDtoAsync(row, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(Caller caller, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await db.InTransactionAsync(async ct =>
        {
            await db.KeyBackupEntries.Where(e => e.UserId == caller.UserId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            deleted = await db.KeyBackups.Where(b => b.UserId == caller.UserId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw Fail.NotFound("The key backup");
        }
    }

    private async Task<KeyBackup> ToDtoAsync(KeyBackupRow row, CancellationToken cancellationToken)
    {
        var entries = await db.KeyBackupEntries.AsNoTracking().Where(e => e.UserId == row.UserId)
            .Select(e => new { e.Name, e.Data }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new KeyBackup(row.Version, row.KeyId, entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToDictionary(e => e.Name, e => e.Data, StringComparer.Ordinal), row.UpdatedAt);
    }

    private static void Validate(KeyBackupUpload upload)
    {
        if (upload.KeyId is not { Length: ChatalotLimits.KeyBackupKeyIdBytes })
        {
            throw Fail.Validation("key_id", $"Must be {ChatalotLimits.KeyBackupKeyIdBytes} bytes.");
        }

        if (upload.PreviousVersion < 0)
        {
            throw Fail.Validation("previous_version", "Must be 0 (no backup yet) or the stored version.");
        }

        if (upload.Entries is null || upload.Entries.Count > ChatalotLimits.KeyBackupEntriesMax)
        {
            throw Fail.Validation("entries", $"At most {ChatalotLimits.KeyBackupEntriesMax} entries.");
        }

        foreach (var (name, data) in upload.Entries)
        {
            if (name.Length is 0 or > ChatalotLimits.KeyBackupEntryNameMaxLength || name.AsSpan().ContainsAnyExcept(NameChars))
            {
                throw Fail.Validation("entries", $"Entry names are 1-{ChatalotLimits.KeyBackupEntryNameMaxLength} characters of a-z, 0-9, ':', '/', '.', '_', '-'.");
            }

            if (data is not { Length: > 0 and <= ChatalotLimits.KeyBackupEntryMaxBytes })
            {
                throw Fail.Validation("entries", $"Entry '{name}' must be 1-{ChatalotLimits.KeyBackupEntryMaxBytes} bytes.");
            }
        }
    }
}
