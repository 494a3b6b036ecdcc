using System.Buffers.Binary;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Keys;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>Publishes this device's keys (crypto.md §4), keeps one-time prekeys stocked and rotates the signed prekey.</summary>
internal sealed class KeyPublisher(DeviceState state, ChatalotRestClient rest, ChatalotClientOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task EnsurePublishedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await state.GetAsync("published", cancellationToken).ConfigureAwait(false) is null)
            {
                await PublishAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    await ReplenishCoreAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.NotFound)
                {
                    // The server no longer knows this device (removed from another session, or a reset server):
                    // publish it again with the same identity so existing contacts' pins still match.
                    await PublishAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReplenishAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReplenishCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var identity = await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var count = options.OneTimePrekeyCount;
        var first = await state.ReserveKeyIdsAsync(2, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var signed = SignedPreKeyRecord.Generate(identity, first, now);
        var lastResort = KemPreKeyRecord.Generate(identity, first + 1, isLastResort: true, now);
        await state.Store.StoreSignedPreKeyAsync(signed, cancellationToken).ConfigureAwait(false);
        await state.Store.StoreKemPreKeyAsync(lastResort, cancellationToken).ConfigureAwait(false);
        var oneTime = await NewOneTimePrekeysAsync(count, cancellationToken).ConfigureAwait(false);
        var kem = await NewKemPrekeysAsync(identity, count, cancellationToken).ConfigureAwait(false);
        await rest.PublishDeviceKeysAsync(
            state.Device,
            new DeviceKeysUpload(identity.PublicKey.ToArray(), Wire(signed), Wire(lastResort), oneTime, kem, options.DeviceName),
            cancellationToken).ConfigureAwait(false);
        await state.PutAsync("published", Ticks(now), cancellationToken).ConfigureAwait(false);
        await state.PutAsync("signed_prekey_at", Ticks(now), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReplenishCoreAsync(CancellationToken cancellationToken)
    {
        var identity = await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var counts = await rest.GetPrekeyCountsAsync(state.Device, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OneTimePrekey>? oneTime = null;
        IReadOnlyList<SignedPrekey>? kem = null;
        SignedPrekey? signed = null;
        if (counts.OneTimePrekeys < options.PrekeyLowWatermark)
        {
            oneTime = await NewOneTimePrekeysAsync(options.OneTimePrekeyCount - counts.OneTimePrekeys, cancellationToken).ConfigureAwait(false);
        }

        if (counts.OneTimeKemPrekeys < options.PrekeyLowWatermark)
        {
            kem = await NewKemPrekeysAsync(identity, options.OneTimePrekeyCount - counts.OneTimeKemPrekeys, cancellationToken).ConfigureAwait(false);
        }

        var signedAt = await state.GetAsync("signed_prekey_at", cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (signedAt is null || now - new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(signedAt), TimeSpan.Zero) >= options.SignedPrekeyRotation)
        {
            var id = await state.ReserveKeyIdsAsync(1, cancellationToken).ConfigureAwait(false);
            var record = SignedPreKeyRecord.Generate(identity, id, now);
            await state.Store.StoreSignedPreKeyAsync(record, cancellationToken).ConfigureAwait(false);
            signed = Wire(record);
        }

        if (oneTime is not null || kem is not null || signed is not null)
        {
            await rest.UploadPrekeysAsync(state.Device, new PrekeyUpload(oneTime, kem, signed), cancellationToken).ConfigureAwait(false);
            if (signed is not null)
            {
                await state.PutAsync("signed_prekey_at", Ticks(now), cancellationToken).ConfigureAwait(false);

                // Only once the server hands out the new one: keep the previous signed prekey for sessions started
                // against it just before the rotation, drop older ones. (Pruned before the upload, a failed upload
                // would leave the server advertising a key this device no longer has.)
                var all = await state.Store.LoadSignedPreKeysAsync(cancellationToken).ConfigureAwait(false);
                foreach (var old in all.OrderByDescending(r => r.Id).Skip(2))
                {
                    await state.Store.RemoveSignedPreKeyAsync(old.Id, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<IReadOnlyList<OneTimePrekey>> NewOneTimePrekeysAsync(int count, CancellationToken cancellationToken)
    {
        var first = await state.ReserveKeyIdsAsync(count, cancellationToken).ConfigureAwait(false);
        var keys = new List<OneTimePrekey>(count);
        for (var i = 0u; i < count; i++)
        {
            var record = PreKeyRecord.Generate(first + i);
            await state.Store.StorePreKeyAsync(record, cancellationToken).ConfigureAwait(false);
            keys.Add(new OneTimePrekey(record.Id, record.PublicKey.ToArray()));
        }

        return keys;
    }

    private async Task<IReadOnlyList<SignedPrekey>> NewKemPrekeysAsync(IdentityKeyPair identity, int count, CancellationToken cancellationToken)
    {
        var first = await state.ReserveKeyIdsAsync(count, cancellationToken).ConfigureAwait(false);
        var keys = new List<SignedPrekey>(count);
        for (var i = 0u; i < count; i++)
        {
            var record = KemPreKeyRecord.Generate(identity, first + i, isLastResort: false, time.GetUtcNow());
            await state.Store.StoreKemPreKeyAsync(record, cancellationToken).ConfigureAwait(false);
            keys.Add(Wire(record));
        }

        return keys;
    }

    private static SignedPrekey Wire(SignedPreKeyRecord record) => new(record.Id, record.PublicKey.ToArray(), record.Signature.ToArray());

    private static SignedPrekey Wire(KemPreKeyRecord record) => new(record.Id, record.PublicKey.ToArray(), record.Signature.ToArray());

    private static byte[] Ticks(DateTimeOffset time)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, time.UtcTicks);
        return bytes;
    }
}
