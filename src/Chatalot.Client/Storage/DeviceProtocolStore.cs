using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Crypto;

namespace Chatalot.Client.Storage;

/// <summary>
/// The crypto package's <see cref="IProtocolStore"/> (identity, pinned peer identities, prekeys, signed and KEM prekeys,
/// sessions, sender keys) persisted in an <see cref="IDeviceStore"/> (the client's <see cref="EncryptedSqliteStore"/>
/// file, or a host's own store such as a browser's IndexedDB), one record kind per concept. A client restarted over the
/// same store continues every session. Thread-safe as long as the underlying store is.
/// </summary>
public sealed class DeviceProtocolStore : IProtocolStore, IDisposable
{
    private const string IdentityKind = "identity";
    private const string PinnedKind = "pinned_identities";
    private const string PreKeyKind = "prekeys";
    private const string SignedPreKeyKind = "signed_prekeys";
    private const string KemPreKeyKind = "kem_prekeys";
    private const string SessionKind = "sessions";
    private const string SenderKeyKind = "sender_keys";
    private const string LastResortUseKind = "kem_last_resort_uses";

    private readonly IDeviceStore _store;
    private readonly IdentityKeyPair _identity;
    private readonly ProtocolAddress _localAddress;

    private DeviceProtocolStore(IDeviceStore store, IdentityKeyPair identity, ProtocolAddress localAddress)
    {
        _store = store;
        _identity = identity;
        _localAddress = localAddress;
    }

    /// <summary>The local device's address.</summary>
    public ProtocolAddress LocalAddress => _localAddress;

    /// <summary>
    /// Opens the protocol state kept in <paramref name="store"/>: loads this device's identity, or creates and saves a new
    /// one (with <paramref name="localAddress"/>) when the store is new.
    /// </summary>
    /// <param name="store">The device store; the caller keeps ownership.</param>
    /// <param name="localAddress">This device's address; must match the stored one when the identity exists.</param>
    /// <param name="identity">
    /// The identity to save when the store is new (for example when migrating from another store); generated when null.
    /// The store takes ownership of it. Ignored when the store already holds an identity.
    /// </param>
    /// <param name="provider">The crypto provider; the default when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The protocol store.</returns>
    /// <exception cref="ChatalotStoreException">The store belongs to another device (<see cref="ClientErrorCodes.StoreKeyMismatch"/>) or is corrupt.</exception>
    public static async Task<DeviceProtocolStore> OpenAsync(IDeviceStore store, ProtocolAddress localAddress, IdentityKeyPair? identity = null, CryptoProvider? provider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(localAddress);
        var saved = await store.GetAsync(IdentityKind, "self", cancellationToken).ConfigureAwait(false);
        if (saved is not null)
        {
            try
            {
                var (address, stored) = ReadIdentity(saved, provider);
                if (address != localAddress)
                {
                    stored.Dispose();
                    throw new ChatalotStoreException(ClientErrorCodes.StoreKeyMismatch, $"This store holds the identity of device {address}, not {localAddress}.");
                }

                return new DeviceProtocolStore(store, stored, address);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(saved);
            }
        }

        var created = identity ?? IdentityKeyPair.Generate(provider);
        var record = WriteIdentity(localAddress, created);
        try
        {
            await store.PutAsync(IdentityKind, "self", record, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(record);
        }

        return new DeviceProtocolStore(store, created, localAddress);
    }

    /// <inheritdoc />
    public ValueTask<IdentityKeyPair> GetIdentityKeyPairAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_identity);

    /// <inheritdoc />
    public ValueTask<ProtocolAddress> GetLocalAddressAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_localAddress);

    /// <inheritdoc />
    public async ValueTask<IdentityKey?> GetIdentityAsync(string userId, CancellationToken cancellationToken = default)
    {
        var bytes = await _store.GetAsync(PinnedKind, userId, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : IdentityKey.FromBytes(bytes);
    }

    /// <inheritdoc />
    public async ValueTask<IdentityChange> SaveIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        var existing = await GetIdentityAsync(userId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Equals(identityKey))
        {
            return IdentityChange.Unchanged;
        }

        await _store.PutAsync(PinnedKind, userId, identityKey.ToArray(), cancellationToken).ConfigureAwait(false);
        return existing is null ? IdentityChange.NewIdentity : IdentityChange.Replaced;
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsTrustedIdentityAsync(string userId, IdentityKey identityKey, CancellationToken cancellationToken = default)
    {
        var pinned = await GetIdentityAsync(userId, cancellationToken).ConfigureAwait(false);
        return pinned is null || pinned.Equals(identityKey);
    }

    /// <inheritdoc />
    public async ValueTask<PreKeyRecord?> LoadPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        await LoadAsync(PreKeyKind, Id(id), b => PreKeyRecord.Deserialize(b), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask StorePreKeyAsync(PreKeyRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(PreKeyKind, Id(record.Id), record.Serialize(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask RemovePreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(PreKeyKind, Id(id), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<SignedPreKeyRecord?> LoadSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        await LoadAsync(SignedPreKeyKind, Id(id), b => SignedPreKeyRecord.Deserialize(b), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SignedPreKeyRecord>> LoadSignedPreKeysAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<SignedPreKeyRecord>();
        await foreach (var item in _store.ListAsync(SignedPreKeyKind, cancellationToken).ConfigureAwait(false))
        {
            records.Add(SignedPreKeyRecord.Deserialize(item.Value));
            CryptographicOperations.ZeroMemory(item.Value);
        }

        return [.. records.OrderBy(r => r.Id)];
    }

    /// <inheritdoc />
    public ValueTask StoreSignedPreKeyAsync(SignedPreKeyRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(SignedPreKeyKind, Id(record.Id), record.Serialize(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask RemoveSignedPreKeyAsync(uint id, CancellationToken cancellationToken = default)
    {
        await _store.DeleteAsync(SignedPreKeyKind, Id(id), cancellationToken).ConfigureAwait(false);
        var prefix = Id(id) + ":";
        var uses = new List<string>();
        await foreach (var item in _store.ListAsync(LastResortUseKind, cancellationToken).ConfigureAwait(false))
        {
            if (item.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                uses.Add(item.Key);
            }
        }

        foreach (var use in uses)
        {
            await _store.DeleteAsync(LastResortUseKind, use, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<KemPreKeyRecord?> LoadKemPreKeyAsync(uint id, CancellationToken cancellationToken = default) =>
        await LoadAsync(KemPreKeyKind, Id(id), b => KemPreKeyRecord.Deserialize(b), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask StoreKemPreKeyAsync(KemPreKeyRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(KemPreKeyKind, Id(record.Id), record.Serialize(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> MarkKemPreKeyUsedAsync(uint kemPreKeyId, uint signedPreKeyId, ReadOnlyMemory<byte> baseKey, CancellationToken cancellationToken = default)
    {
        var record = await LoadKemPreKeyAsync(kemPreKeyId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return true;
        }

        if (!record.IsLastResort)
        {
            // One-time KEM prekeys are deleted once used (forward secrecy).
            await _store.DeleteAsync(KemPreKeyKind, Id(kemPreKeyId), cancellationToken).ConfigureAwait(false);
            record.Wipe();
            return true;
        }

        // The last-resort key stays until rotated, so each (signed prekey, KEM prekey, base key) it served is remembered
        // until the signed prekey is removed; a replayed first message finds its entry (crypto.md §5.2).
        record.Wipe();
        var key = LastResortUse(signedPreKeyId, kemPreKeyId, baseKey.Span);
        if (await _store.GetAsync(LastResortUseKind, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await _store.PutAsync(LastResortUseKind, key, new byte[] { 1 }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<SessionRecord?> LoadSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default) =>
        await LoadAsync(SessionKind, Address(address), b => SessionRecord.Deserialize(b), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask StoreSessionAsync(ProtocolAddress address, SessionRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(SessionKind, Address(address), record.Serialize(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DeleteSessionAsync(ProtocolAddress address, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(SessionKind, Address(address), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<SenderKeyRecord?> LoadSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default) =>
        await LoadAsync(SenderKeyKind, SenderKey(name), b => SenderKeyRecord.Deserialize(b), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask StoreSenderKeyAsync(SenderKeyName name, SenderKeyRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(SenderKeyKind, SenderKey(name), record.Serialize(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DeleteSenderKeyAsync(SenderKeyName name, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(SenderKeyKind, SenderKey(name), cancellationToken).ConfigureAwait(false);

    /// <summary>Zeroes the in-memory identity key (the underlying store is the caller's to dispose).</summary>
    public void Dispose() => _identity.Dispose();

    private async ValueTask<T?> LoadAsync<T>(string kind, string key, Func<byte[], T> parse, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await _store.GetAsync(kind, key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return parse(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private async ValueTask SaveAsync(string kind, string key, byte[] serialized, CancellationToken cancellationToken)
    {
        try
        {
            await _store.PutAsync(kind, key, serialized, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serialized);
        }
    }

    private static string Id(uint id) => id.ToString(CultureInfo.InvariantCulture);

    private static string LastResortUse(uint signedPreKeyId, uint kemPreKeyId, ReadOnlySpan<byte> baseKey) =>
        string.Create(CultureInfo.InvariantCulture, $"{signedPreKeyId}:{kemPreKeyId}:{Convert.ToHexStringLower(baseKey)}");

    // Device number first, so the user id (free text in the crypto layer) can never make two addresses collide.
    private static string Address(ProtocolAddress address) => string.Create(CultureInfo.InvariantCulture, $"{address.DeviceId}:{address.UserId}");

    private static string SenderKey(SenderKeyName name) =>
        string.Create(CultureInfo.InvariantCulture, $"{name.ChannelId.Length}:{name.ChannelId}{Address(name.Sender)}");

    private static byte[] WriteIdentity(ProtocolAddress address, IdentityKeyPair identity)
    {
        var user = Encoding.UTF8.GetBytes(address.UserId);
        var secret = identity.ExportPrivateKey();
        try
        {
            var record = new byte[8 + user.Length + secret.Length];
            BinaryPrimitives.WriteUInt32BigEndian(record, address.DeviceId);
            BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(4), user.Length);
            user.CopyTo(record, 8);
            secret.CopyTo(record, 8 + user.Length);
            return record;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static (ProtocolAddress Address, IdentityKeyPair Identity) ReadIdentity(byte[] record, CryptoProvider? provider)
    {
        if (record.Length < 8)
        {
            throw new ChatalotStoreException(ClientErrorCodes.StoreRecordCorrupt, "The stored identity is malformed.");
        }

        var device = BinaryPrimitives.ReadUInt32BigEndian(record);
        var userLength = BinaryPrimitives.ReadInt32BigEndian(record.AsSpan(4));
        if (userLength < 0 || userLength > record.Length - 8)
        {
            throw new ChatalotStoreException(ClientErrorCodes.StoreRecordCorrupt, "The stored identity is malformed.");
        }

        var address = new ProtocolAddress(Encoding.UTF8.GetString(record, 8, userLength), device);
        return (address, IdentityKeyPair.Import(record.AsSpan(8 + userLength), provider));
    }
}
