using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Keys;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Keys.Internal;
using Chatalot.Server.Hosting.Profiles.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Devices.Internal;

/// <summary>
/// Signed device lists (crypto.md §15.2). The server stores the latest list per user and checks only what it can: the
/// byte layout, the signature under the account key inside, the owner and a rising version. Clients verify the list
/// themselves; the server's word adds no device.
/// </summary>
internal sealed class DeviceListService(
    ChatalotDbContext db,
    Clock clock,
    Relationships relationships,
    ProfileAccess profiles,
    IGatewayPublisher gateway)
{
    public async Task<SignedDeviceList> GetAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        // The rule of GET /users/{id}/devices: self, community mates, instance admins.
        if (!await relationships.CanSeeAsync(caller, userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }

        var row = await db.DeviceLists.AsNoTracking().FirstOrDefaultAsync(l => l.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.Code(ErrorCodes.NoDeviceList, 404, "The user has not published a signed device list.");
        return new SignedDeviceList(row.List, row.Signature);
    }

    public async Task<SignedDeviceList> PutAsync(Caller caller, DeviceListUpload upload, CancellationToken cancellationToken)
    {
        var document = Verify(caller, upload);
        var version = (long)document.Version;
        DeviceListDocument? previous = null;
        var previousKey = (byte[]?)null;
        await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear(); // a rerun of the strategy starts from nothing
            (previous, previousKey) = (null, null);
            var row = await db.DeviceLists.FirstOrDefaultAsync(l => l.UserId == caller.UserId, ct).ConfigureAwait(false);
            if (row is not null)
            {
                var reset = !row.AccountKey.AsSpan().SequenceEqual(document.AccountKey);
                if (reset && !upload.ResetAccount)
                {
                    throw Fail.Code(ErrorCodes.AccountKeyConflict, 409, "The list is signed by another account key than the stored one; an identity reset must say so (reset_account).");
                }

                // A reset starts a new history under the new key (crypto.md §15.6), so any version is accepted then.
                if (!reset && version <= row.Version)
                {
                    throw Fail.Code(ErrorCodes.DeviceListStale, 409, $"The stored list has version {row.Version}; a new list needs a higher one.");
                }

                previousKey = row.AccountKey;
                DeviceListFormat.TryParse(row.List, out previous);
            }
            else
            {
                row = new DeviceListRow { UserId = caller.UserId };
                db.DeviceLists.Add(row);
            }

            row.Version = version;
            row.AccountKey = document.AccountKey;
            row.List = upload.List;
            row.Signature = upload.Signature;
            row.UpdatedAt = clock.UtcNow;

            // The version is a concurrency token: of two uploads that read the same list, the second update matches no
            // row and is rerun (RaceSafeWriteFilter), where it meets the winner's version. Two first uploads collide on
            // the key instead.
            await db.SaveChangesAsync(ct).ConfigureAwait(false);

            // A device the account dropped from its list gets nothing more: its keys, prekeys and inbox go, so an honest
            // server stops handing out its bundle (as DELETE /keys/devices/{id}).
            var removedIds = Removed(previous, document);
            if (removedIds.Count > 0)
            {
                await db.OneTimePrekeys.Where(k => k.UserId == caller.UserId && removedIds.Contains(k.DeviceId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                await db.ToDeviceMessages.Where(m => m.RecipientUserId == caller.UserId && removedIds.Contains(m.RecipientDeviceId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                await db.Devices.Where(d => d.UserId == caller.UserId && removedIds.Contains(d.DeviceId)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        var previousIds = previous?.Devices.Select(d => d.DeviceId).ToHashSet() ?? [];
        var added = document.Devices.Select(d => d.DeviceId).Where(id => !previousIds.Contains(id)).ToList();
        var keyChanged = previousKey is not null && !previousKey.AsSpan().SequenceEqual(document.AccountKey);
        var audience = await profiles.AudienceAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        await gateway.PublishToUsersAsync(audience, new DeviceListUpdatedEvent(caller.UserId, version, added, Removed(previous, document), keyChanged), cancellationToken).ConfigureAwait(false);
        return new SignedDeviceList(upload.List, upload.Signature);
    }

    private static List<int> Removed(DeviceListDocument? previous, DeviceListDocument next)
    {
        var kept = next.Devices.Select(d => d.DeviceId).ToHashSet();
        return previous is null ? [] : [.. previous.Devices.Select(d => d.DeviceId).Where(id => !kept.Contains(id))];
    }

    private static DeviceListDocument Verify(Caller caller, DeviceListUpload upload)
    {
        if (upload.List is null || upload.Signature is null || !DeviceListFormat.TryParse(upload.List, out var document))
        {
            throw Invalid("The list does not parse (crypto.md §15.2).");
        }

        if (document.UserId != caller.UserId.ToString("D"))
        {
            throw Invalid("The list names another user than the caller.");
        }

        if (document.Version > long.MaxValue)
        {
            throw Invalid($"The version is at most {long.MaxValue}.");
        }

        if (!PrekeySignatureVerifier.Verify(document.AccountKey, upload.List, upload.Signature))
        {
            throw Invalid("The signature does not verify under the account key inside the list.");
        }

        return document;
    }

    private static ChatalotServerException Invalid(string message) => Fail.Code(ErrorCodes.InvalidDeviceList, 422, message);
}
