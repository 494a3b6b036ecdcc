namespace Chatalot.Crypto;

/// <summary>
/// Keeps a device's prekeys healthy: rotates the signed prekey on schedule (keeping the replaced one for a grace
/// period, then deleting it) and generates batches of one-time X25519 and ML-KEM-768 prekeys. Uploading the public
/// halves is the caller's job; ids must come from a counter the caller persists and never reuses.
/// </summary>
public sealed class PreKeyRotation
{
    private readonly IProtocolStore _store;
    private readonly PreKeyRotationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CryptoProvider _provider;

    /// <summary>Creates the helper.</summary>
    /// <param name="store">The device's stores.</param>
    /// <param name="options">The schedule; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="provider">The provider; <see cref="CryptoProvider.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options.</exception>
    public PreKeyRotation(IProtocolStore store, PreKeyRotationOptions? options = null, TimeProvider? timeProvider = null, CryptoProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new PreKeyRotationOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _provider = provider ?? CryptoProvider.Default;
    }

    /// <summary>
    /// Generates a new signed prekey when there is none or the newest is older than the lifetime, and deletes
    /// replaced prekeys whose grace period has ended.
    /// </summary>
    /// <param name="newKeyId">The id to use if a new prekey is generated.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new prekey to upload, or null when the current one is still valid.</returns>
    public async ValueTask<SignedPreKeyRecord?> RotateSignedPreKeyIfDueAsync(uint newKeyId, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        var existing = await _store.LoadSignedPreKeysAsync(cancellationToken).ConfigureAwait(false);
        var newest = existing.MaxBy(r => r.CreatedAt);
        SignedPreKeyRecord? created = null;
        if (newest is null || now - newest.CreatedAt >= _options.SignedPreKeyLifetime)
        {
            if (existing.Any(r => r.Id == newKeyId))
            {
                throw new ArgumentException("The new signed prekey id is already in use.", nameof(newKeyId));
            }

            var identity = await _store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
            created = SignedPreKeyRecord.Generate(identity, newKeyId, now, _provider);
            await _store.StoreSignedPreKeyAsync(created, cancellationToken).ConfigureAwait(false);
        }

        // A key is replaced when a newer one exists; it stays usable for the grace period after its replacement.
        var all = created is null ? existing : [.. existing, created];
        var ordered = all.OrderBy(r => r.CreatedAt).ToList();
        for (var i = 0; i < ordered.Count - 1; i++)
        {
            var replacedAt = ordered[i + 1].CreatedAt;
            if (now - replacedAt >= _options.SignedPreKeyGracePeriod)
            {
                await _store.RemoveSignedPreKeyAsync(ordered[i].Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return created;
    }

    /// <summary>Generates and stores one-time X25519 prekeys with consecutive ids.</summary>
    /// <param name="firstId">The first id.</param>
    /// <param name="count">How many (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records; upload their public keys.</returns>
    public async ValueTask<IReadOnlyList<PreKeyRecord>> GenerateOneTimePreKeysAsync(uint firstId, int count, CancellationToken cancellationToken = default)
    {
        CheckBatch(firstId, count);
        var records = new List<PreKeyRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var record = PreKeyRecord.Generate(firstId + (uint)i, _provider);
            await _store.StorePreKeyAsync(record, cancellationToken).ConfigureAwait(false);
            records.Add(record);
        }

        return records;
    }

    /// <summary>Generates and stores signed one-time ML-KEM-768 prekeys, or the last-resort key when <paramref name="lastResort"/> is set (count must then be 1).</summary>
    /// <param name="firstId">The first id.</param>
    /// <param name="count">How many (1 to 1,000).</param>
    /// <param name="lastResort">Generate the last-resort key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records; upload their public keys and signatures.</returns>
    public async ValueTask<IReadOnlyList<KemPreKeyRecord>> GenerateKemPreKeysAsync(uint firstId, int count, bool lastResort = false, CancellationToken cancellationToken = default)
    {
        CheckBatch(firstId, count);
        if (lastResort && count != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "There is one last-resort key at a time.");
        }

        var identity = await _store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var records = new List<KemPreKeyRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var record = KemPreKeyRecord.Generate(identity, firstId + (uint)i, lastResort, now, _provider);
            await _store.StoreKemPreKeyAsync(record, cancellationToken).ConfigureAwait(false);
            records.Add(record);
        }

        return records;
    }

    /// <inheritdoc />
    public override string ToString() => $"PreKeyRotation(lifetime {_options.SignedPreKeyLifetime}, grace {_options.SignedPreKeyGracePeriod})";

    private static void CheckBatch(uint firstId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1000);
        if (uint.MaxValue - firstId < (uint)(count - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(firstId), firstId, "The id range overflows.");
        }
    }
}
