using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Keys;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Keys.Internal;

/// <summary>The key directory: device keys with verified signatures, and bundles that consume one-time prekeys atomically.</summary>
internal sealed class KeyService(
    ChatalotDbContext db,
    Clock clock,
    Relationships relationships,
    IBundleFetchLimiter limiter,
    IGatewayPublisher gateway)
{
    private const int X25519Kind = 0;
    private const int KemKind = 1;

    public async Task<DeviceInfo> PutDeviceAsync(Caller caller, int deviceId, DeviceKeysUpload upload, CancellationToken cancellationToken)
    {
        Check.DeviceId(deviceId);
        if (!PrekeySignatureVerifier.IsValidIdentityKey(upload.IdentityKey))
        {
            throw Fail.Validation("identity_key", "Must be a 32-byte Ed25519 public key.");
        }

        var name = Check.OptionalText(upload.DeviceName, "device_name", ChatalotLimits.DeviceNameMaxLength);
        VerifySignedPrekey(upload.IdentityKey, upload.SignedPrekey, "signed_prekey");
        VerifyKem(upload.IdentityKey, upload.LastResortKemPrekey, lastResort: true, "last_resort_kem_prekey");
        ValidateBatch(upload.IdentityKey, upload.OneTimePrekeys, upload.OneTimeKemPrekeys);

        var now = clock.UtcNow;
        var device = await db.Devices.FirstOrDefaultAsync(d => d.UserId == caller.UserId && d.DeviceId == deviceId, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            device = new DeviceRow { UserId = caller.UserId, DeviceId = deviceId, IdentityKey = upload.IdentityKey, CreatedAt = now };
            db.Devices.Add(device);
        }
        else if (!device.IdentityKey.AsSpan().SequenceEqual(upload.IdentityKey))
        {
            // Never replace an identity key silently (the original's W7): the owner deletes the device first.
            throw Fail.Code(ErrorCodes.IdentityKeyConflict, 409, "This device id already has a different identity key; delete the device first.");
        }

        device.Name = name ?? device.Name;
        device.UpdatedAt = now;
        ApplySignedPrekey(device, upload.SignedPrekey);
        ApplyLastResort(device, upload.LastResortKemPrekey);
        await AddOneTimeKeysAsync(caller.UserId, deviceId, upload.OneTimePrekeys, upload.OneTimeKemPrekeys, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return ToDto(device);
    }

    public async Task<PrekeyCounts> UploadPrekeysAsync(Caller caller, int deviceId, PrekeyUpload upload, CancellationToken cancellationToken)
    {
        var device = await OwnDeviceAsync(caller, deviceId, cancellationToken).ConfigureAwait(false);
        if (upload.SignedPrekey is { } spk)
        {
            VerifySignedPrekey(device.IdentityKey, spk, "signed_prekey");
            ApplySignedPrekey(device, spk);
        }

        if (upload.LastResortKemPrekey is { } lr)
        {
            VerifyKem(device.IdentityKey, lr, lastResort: true, "last_resort_kem_prekey");
            ApplyLastResort(device, lr);
        }

        ValidateBatch(device.IdentityKey, upload.OneTimePrekeys, upload.OneTimeKemPrekeys);
        device.UpdatedAt = clock.UtcNow;
        await AddOneTimeKeysAsync(caller.UserId, deviceId, upload.OneTimePrekeys, upload.OneTimeKemPrekeys, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return await CountsAsync(caller.UserId, deviceId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PrekeyCounts> GetCountsAsync(Caller caller, int deviceId, CancellationToken cancellationToken)
    {
        await OwnDeviceAsync(caller, deviceId, cancellationToken).ConfigureAwait(false);
        return await CountsAsync(caller.UserId, deviceId, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteDeviceAsync(Caller caller, int deviceId, CancellationToken cancellationToken)
    {
        await OwnDeviceAsync(caller, deviceId, cancellationToken).ConfigureAwait(false);
        await db.InTransactionAsync(async ct =>
        {
            await db.OneTimePrekeys.Where(k => k.UserId == caller.UserId && k.DeviceId == deviceId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.ToDeviceMessages.Where(m => m.RecipientUserId == caller.UserId && m.RecipientDeviceId == deviceId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.Devices.Where(d => d.UserId == caller.UserId && d.DeviceId == deviceId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeviceInfo>> ListDevicesAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        await RequireVisibleAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        var rows = await db.Devices.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.DeviceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToDto)];
    }

    public async Task<IReadOnlyList<PrekeyBundle>> FetchBundlesAsync(Caller caller, Guid userId, int? deviceId, CancellationToken cancellationToken)
    {
        await RequireVisibleAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        if (userId != caller.UserId && await relationships.IsBlockedEitherWayAsync(caller.UserId, userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.Blocked, 403, "A block exists between you and this user.");
        }

        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.UserId == userId && (deviceId == null || d.DeviceId == deviceId))
            .OrderBy(d => d.DeviceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Count == 0)
        {
            throw deviceId is null ? Fail.Code(ErrorCodes.NoDevices, 404, "The user has no devices with published keys.") : Fail.NotFound("The device");
        }

        await limiter.AcquireAsync(caller.UserId, userId, devices.Count).ConfigureAwait(false);
        var bundles = new List<PrekeyBundle>(devices.Count);
        foreach (var device in devices)
        {
            var oneTime = await ClaimAsync(userId, device.DeviceId, X25519Kind, cancellationToken).ConfigureAwait(false);
            var kem = await ClaimAsync(userId, device.DeviceId, KemKind, cancellationToken).ConfigureAwait(false);
            var kemKey = kem is null
                ? new SignedPrekey((uint)device.LastResortKemId, device.LastResortKem, device.LastResortKemSignature)
                : new SignedPrekey((uint)kem.KeyId, kem.PublicKey, kem.Signature ?? []);
            bundles.Add(new PrekeyBundle(
                userId,
                device.DeviceId,
                device.IdentityKey,
                new SignedPrekey((uint)device.SignedPrekeyId, device.SignedPrekey, device.SignedPrekeySignature),
                kemKey,
                kem is null,
                oneTime is null ? null : new OneTimePrekey((uint)oneTime.KeyId, oneTime.PublicKey)));

            var counts = await CountsAsync(userId, device.DeviceId, cancellationToken).ConfigureAwait(false);
            if (counts.OneTimePrekeys < ChatalotLimits.PrekeyLowThreshold || counts.OneTimeKemPrekeys < ChatalotLimits.PrekeyLowThreshold)
            {
                await gateway.PublishToUsersAsync([userId], new PrekeysLowEvent(device.DeviceId, counts), cancellationToken).ConfigureAwait(false);
            }
        }

        return bundles;
    }

    /// <summary>
    /// Takes one one-time prekey: pick the oldest candidate, then delete it by key. Only the caller whose delete hits a
    /// row gets it, so two concurrent fetches can never receive the same key, on any provider, without locks.
    /// </summary>
    private async Task<OneTimePrekeyRow?> ClaimAsync(Guid userId, int deviceId, int kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var candidate = await db.OneTimePrekeys.AsNoTracking()
                .Where(k => k.UserId == userId && k.DeviceId == deviceId && k.Kind == kind)
                .OrderBy(k => k.KeyId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (candidate is null)
            {
                return null;
            }

            var deleted = await db.OneTimePrekeys
                .Where(k => k.UserId == userId && k.DeviceId == deviceId && k.Kind == kind && k.KeyId == candidate.KeyId)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (deleted == 1)
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task<PrekeyCounts> CountsAsync(Guid userId, int deviceId, CancellationToken cancellationToken)
    {
        var counts = await db.OneTimePrekeys.Where(k => k.UserId == userId && k.DeviceId == deviceId)
            .GroupBy(k => k.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new PrekeyCounts(
            counts.FirstOrDefault(c => c.Key == X25519Kind)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Key == KemKind)?.Count ?? 0);
    }

    private async Task AddOneTimeKeysAsync(Guid userId, int deviceId, IReadOnlyList<OneTimePrekey>? x25519, IReadOnlyList<SignedPrekey>? kem, CancellationToken cancellationToken)
    {
        var rows = new List<OneTimePrekeyRow>();
        rows.AddRange((x25519 ?? []).Select(k => new OneTimePrekeyRow { UserId = userId, DeviceId = deviceId, Kind = X25519Kind, KeyId = k.KeyId, PublicKey = k.PublicKey }));
        rows.AddRange((kem ?? []).Select(k => new OneTimePrekeyRow { UserId = userId, DeviceId = deviceId, Kind = KemKind, KeyId = k.KeyId, PublicKey = k.PublicKey, Signature = k.Signature }));
        if (rows.Count == 0)
        {
            return;
        }

        // Re-uploading a key id replaces it, so a client that retries an upload never fails on duplicates.
        var x25519Ids = rows.Where(r => r.Kind == X25519Kind).Select(r => r.KeyId).ToList();
        var kemIds = rows.Where(r => r.Kind == KemKind).Select(r => r.KeyId).ToList();
        await db.OneTimePrekeys.Where(k => k.UserId == userId && k.DeviceId == deviceId &&
                ((k.Kind == X25519Kind && x25519Ids.Contains(k.KeyId)) || (k.Kind == KemKind && kemIds.Contains(k.KeyId))))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.OneTimePrekeys.AddRange(rows);
    }

    private static void ValidateBatch(byte[] identityKey, IReadOnlyList<OneTimePrekey>? x25519, IReadOnlyList<SignedPrekey>? kem)
    {
        if (x25519 is { Count: > ChatalotLimits.PrekeyUploadMaxCount } || kem is { Count: > ChatalotLimits.PrekeyUploadMaxCount })
        {
            throw Fail.Validation("one_time_prekeys", $"At most {ChatalotLimits.PrekeyUploadMaxCount} keys of each kind per upload.");
        }

        foreach (var key in x25519 ?? [])
        {
            if (key.PublicKey.Length is 0 or > ChatalotLimits.PublicKeyMaxBytes)
            {
                throw Fail.Validation("one_time_prekeys", "A public key has an invalid length.");
            }
        }

        if ((x25519 ?? []).Select(k => k.KeyId).Distinct().Count() != (x25519?.Count ?? 0) || (kem ?? []).Select(k => k.KeyId).Distinct().Count() != (kem?.Count ?? 0))
        {
            throw Fail.Validation("one_time_prekeys", "Key ids must be unique within an upload.");
        }

        foreach (var key in kem ?? [])
        {
            VerifyKem(identityKey, key, lastResort: false, "one_time_kem_prekeys");
        }
    }

    private static void VerifySignedPrekey(byte[] identityKey, SignedPrekey key, string field)
    {
        if (key.PublicKey.Length is 0 or > ChatalotLimits.PublicKeyMaxBytes ||
            !PrekeySignatureVerifier.Verify(identityKey, PrekeySignatureVerifier.SignedPrekeyMessage(key.KeyId, key.PublicKey), key.Signature))
        {
            throw Fail.Code(ErrorCodes.InvalidSignature, 422, $"The signature of {field} does not verify.");
        }
    }

    private static void VerifyKem(byte[] identityKey, SignedPrekey key, bool lastResort, string field)
    {
        if (key.PublicKey.Length is 0 or > ChatalotLimits.PublicKeyMaxBytes ||
            !PrekeySignatureVerifier.Verify(identityKey, PrekeySignatureVerifier.KemPrekeyMessage(key.KeyId, lastResort, key.PublicKey), key.Signature))
        {
            throw Fail.Code(ErrorCodes.InvalidSignature, 422, $"The signature of {field} does not verify.");
        }
    }

    private static void ApplySignedPrekey(DeviceRow device, SignedPrekey key)
    {
        device.SignedPrekeyId = key.KeyId;
        device.SignedPrekey = key.PublicKey;
        device.SignedPrekeySignature = key.Signature;
    }

    private static void ApplyLastResort(DeviceRow device, SignedPrekey key)
    {
        device.LastResortKemId = key.KeyId;
        device.LastResortKem = key.PublicKey;
        device.LastResortKemSignature = key.Signature;
    }

    private async Task<DeviceRow> OwnDeviceAsync(Caller caller, int deviceId, CancellationToken cancellationToken) =>
        await db.Devices.FirstOrDefaultAsync(d => d.UserId == caller.UserId && d.DeviceId == deviceId, cancellationToken).ConfigureAwait(false)
        ?? throw Fail.NotFound("The device");

    private async Task RequireVisibleAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        if (!await relationships.CanSeeAsync(caller, userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }
    }

    private static DeviceInfo ToDto(DeviceRow d) => new(d.UserId, d.DeviceId, d.IdentityKey, d.Name, d.CreatedAt, d.UpdatedAt);
}
