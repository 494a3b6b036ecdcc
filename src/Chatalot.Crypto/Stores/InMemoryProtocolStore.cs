using System.Collections.Concurrent;

namespace Chatalot.Crypto;

/// <summary>
/// A thread-safe in-memory <see cref="IProtocolStore"/> for tests, bots with their own persistence and samples.
/// It keeps records by reference; nothing survives the process.
/// </summary>
public sealed class InMemoryProtocolStore : IProtocolStore
{
    private readonly IdentityKeyPair _identity;
    private readonly ProtocolAddress _localAddress;
    private readonly ConcurrentDictionary<string, IdentityKey> _identities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, PreKeyRecord> _preKeys = new();
    private readonly ConcurrentDictionary<uint, SignedPreKeyRecord> _signedPreKeys = new();
    private readonly ConcurrentDictionary<uint, KemPreKeyRecord> _kemPreKeys = new();
    private readonly ConcurrentDictionary<ProtocolAddress, SessionRecord> _sessions = new();
    private readonly ConcurrentDictionary<SenderKeyName, SenderKeyRecord> _senderKeys = new();

    // Last-resort KEM uses: (signed prekey id, KEM prekey id, hex base key); see MarkKemPreKeyUsedAsync.
    private readonly ConcurrentDictionary<(uint SignedPreKeyId, uint KemPreKeyId, string BaseKey), byte> _lastResortUses = new();

    /// <summary>Creates a store for a device.</summary>
    /// <param name="identity">The user's identity key pair.</param>
    /// <param name="localAddress">This device's address.</param>
    public InMemoryProtocolStore(IdentityKeyPair identity, ProtocolAddress localAddress)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(localAddress);
        _identity = identity;
        _localAddress = localAddress;
    }

    /// <summary>Number of one-time X25519 prekeys left.</summary>
    public int PreKeyCount => _preKeys.Count;

    /// <summary>Number of KEM prekeys left (last resort included).</summary>
    public int KemPreKeyCount => _kemPreKeys.Count;

    /// <summary>Number of remembered last-resort KEM uses (bounded by signed prekey removal).</summary>
    public int LastResortUseCount => _lastResortUses.Count;

    /// <inheritdoc />
    public ValueTask<IdentityKeyPair> GetIdentityKeyPairAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_identity);

    /// <inheritdoc />
    public ValueTask<ProtocolAddress> GetLocalAddressAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_localAddress);

    /// <inheritdoc />
    public ValueTask<IdentityKey?> GetIdentityAsync(string userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_identities.TryGetValue(userId, out var key) ? key : null);

    /// <inheritdoc />
    public ValueTask<IdentityChange> SaveIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        var change = IdentityChange.NewIdentity;
        _identities.AddOrUpdate(
            userId,
            identityKey,
            (_, existing) =>
            {
                change = existing.Equals(identityKey) ? IdentityChange.Unchanged : IdentityChange.Replaced;
                return identityKey;
            });
        return ValueTask.FromResult(change);
    }

    /// <inheritdoc />
    public ValueTask<bool> IsTrustedIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(!_identities.TryGetValue(userId, out var pinned) || pinned.Equals(identityKey));

    /// <inheritdoc />
    public ValueTask<PreKeyRecord?> LoadPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_preKeys.TryGetValue(id, out var record) ? record : null);

    /// <inheritdoc />
    public ValueTask StorePreKeyAsync(PreKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _preKeys[record.Id] = record;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemovePreKeyAsync(uint id, CancellationToken cancellationToken = default)
    {
        if (_preKeys.TryRemove(id, out var record))
        {
            record.Wipe();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SignedPreKeyRecord?> LoadSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_signedPreKeys.TryGetValue(id, out var record) ? record : null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SignedPreKeyRecord>> LoadSignedPreKeysAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<SignedPreKeyRecord>>([.. _signedPreKeys.Values.OrderBy(r => r.Id)]);

    /// <inheritdoc />
    public ValueTask StoreSignedPreKeyAsync(SignedPreKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _signedPreKeys[record.Id] = record;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default)
    {
        if (_signedPreKeys.TryRemove(id, out var record))
        {
            record.Wipe();
        }

        foreach (var use in _lastResortUses.Keys.Where(k => k.SignedPreKeyId == id))
        {
            _lastResortUses.TryRemove(use, out _);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<KemPreKeyRecord?> LoadKemPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_kemPreKeys.TryGetValue(id, out var record) ? record : null);

    /// <inheritdoc />
    public ValueTask StoreKemPreKeyAsync(KemPreKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _kemPreKeys[record.Id] = record;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> MarkKemPreKeyUsedAsync(uint kemPreKeyId, uint signedPreKeyId, ReadOnlyMemory<byte> baseKey, CancellationToken cancellationToken = default)
    {
        if (!_kemPreKeys.TryGetValue(kemPreKeyId, out var record))
        {
            return ValueTask.FromResult(true);
        }

        if (record.IsLastResort)
        {
            // TryAdd is the atomic check-and-insert the interface asks for.
            return ValueTask.FromResult(_lastResortUses.TryAdd((signedPreKeyId, kemPreKeyId, Convert.ToHexString(baseKey.Span)), 0));
        }

        if (_kemPreKeys.TryRemove(kemPreKeyId, out _))
        {
            record.Wipe();
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<SessionRecord?> LoadSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_sessions.TryGetValue(address, out var record) ? record : null);

    /// <inheritdoc />
    public ValueTask StoreSessionAsync(ProtocolAddress address, SessionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _sessions[address] = record;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default)
    {
        _sessions.TryRemove(address, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SenderKeyRecord?> LoadSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_senderKeys.TryGetValue(name, out var record) ? record : null);

    /// <inheritdoc />
    public ValueTask StoreSenderKeyAsync(SenderKeyName name, SenderKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _senderKeys[name] = record;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default)
    {
        _senderKeys.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"InMemoryProtocolStore({_localAddress})";
}
