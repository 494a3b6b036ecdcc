using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Chatalot.Client.Storage;
using Chatalot.Crypto;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// This device's crypto state: the protocol store plus client bookkeeping (device number, key-id counter, when the
/// signed prekey was made, verification marks, channel cursors). Persistent over an <see cref="IDeviceStore"/> (the
/// host's, or the <see cref="EncryptedSqliteStore"/> file opened here), or in memory (a new device per run).
/// </summary>
internal sealed class DeviceState : IAsyncDisposable
{
    private const string Kind = "client_state";
    private readonly IDeviceStore? _records;
    private readonly IAsyncDisposable? _owned;
    private readonly ConcurrentDictionary<string, byte[]> _memory = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _counterGate = new(1, 1);

    private DeviceState(IDeviceStore? records, IAsyncDisposable? owned, IProtocolStore store, DeviceId device)
    {
        _records = records;
        _owned = owned;
        Store = store;
        Device = device;
    }

    public IProtocolStore Store { get; }

    public DeviceId Device { get; }

    /// <summary>The crypto-layer identity of a device. Each Chatalot device has its own identity key, so keys are pinned
    /// per device (crypto.md §9.2 pins per user id; we give each device its own id there).</summary>
    public static ProtocolAddress Address(UserId user, DeviceId device) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{user}/{device}"), (uint)device.Value);

    public static (UserId User, DeviceId Device)? Parse(string cryptoUserId)
    {
        var slash = cryptoUserId.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && UserId.TryParse(cryptoUserId[..slash], CultureInfo.InvariantCulture, out var user)
            && DeviceId.TryParse(cryptoUserId[(slash + 1)..], CultureInfo.InvariantCulture, out var device)
            ? (user, device)
            : null;
    }

    public static async Task<DeviceState> OpenAsync(ChatalotClientOptions options, UserId user, CancellationToken cancellationToken)
    {
        if (options.DeviceStore is { } hosted)
        {
            return await OpenAsync(hosted, owned: null, user, cancellationToken).ConfigureAwait(false);
        }

        if (options.StorePath is null)
        {
            var device = new DeviceId(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            var memory = new InMemoryProtocolStore(IdentityKeyPair.Generate(), Address(user, device));
            return new DeviceState(null, null, memory, device);
        }

        using var key = options.StoreKey is { } raw ? StoreKey.FromBytes(raw.Span) : StoreKey.FromPassphrase(options.StorePassphrase!);
        var file = await EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = options.StorePath }, key, cancellationToken).ConfigureAwait(false);
        try
        {
            return await OpenAsync(file, file, user, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<DeviceState> OpenAsync(IDeviceStore records, IAsyncDisposable? owned, UserId user, CancellationToken cancellationToken)
    {
        var owner = await records.GetAsync(Kind, "user", cancellationToken).ConfigureAwait(false);
        if (owner is not null && new Guid(owner) != user.Value)
        {
            throw new ChatalotStoreException(ClientErrorCodes.StoreKeyMismatch, "The store belongs to another account.");
        }

        var saved = await records.GetAsync(Kind, "device", cancellationToken).ConfigureAwait(false);
        var device = saved is { Length: 4 } ? new DeviceId(BinaryPrimitives.ReadInt32BigEndian(saved)) : new DeviceId(RandomNumberGenerator.GetInt32(1, int.MaxValue));
        if (saved is null)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, device.Value);
            await records.PutAsync(Kind, "user", user.Value.ToByteArray(), cancellationToken).ConfigureAwait(false);
            await records.PutAsync(Kind, "device", bytes, cancellationToken).ConfigureAwait(false);
        }

        var store = await DeviceProtocolStore.OpenAsync(records, Address(user, device), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DeviceState(records, owned, store, device);
    }

    public async ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        _records is null ? _memory.GetValueOrDefault(name) : await _records.GetAsync(Kind, name, cancellationToken).ConfigureAwait(false);

    public async ValueTask PutAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        if (_records is null)
        {
            _memory[name] = value;
        }
        else
        {
            await _records.PutAsync(Kind, name, value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reserves <paramref name="count"/> fresh prekey ids (never reused, also across restarts).</summary>
    public async ValueTask<uint> ReserveKeyIdsAsync(int count, CancellationToken cancellationToken)
    {
        await _counterGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = await GetAsync("next_key_id", cancellationToken).ConfigureAwait(false);
            var next = saved is null ? 1u : BinaryPrimitives.ReadUInt32BigEndian(saved);
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, next + (uint)count);
            await PutAsync("next_key_id", bytes, cancellationToken).ConfigureAwait(false);
            return next;
        }
        finally
        {
            _counterGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is IDisposable disposable)
        {
            disposable.Dispose();
        }

        // A store from ChatalotClientOptions.DeviceStore is the host's to close; only the SQLite file opened here is ours.
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }

        _counterGate.Dispose();
    }
}
