using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Chatalot.Client.Storage;
using Chatalot.Crypto;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// This device's crypto state: the protocol store plus client bookkeeping (device number, key-id counter, when the
/// signed prekey was made). Persistent over an <see cref="EncryptedSqliteStore"/>, or in memory (a new device per run).
/// </summary>
internal sealed class DeviceState : IAsyncDisposable
{
    private const string Kind = "client_state";
    private readonly EncryptedSqliteStore? _file;
    private readonly ConcurrentDictionary<string, byte[]> _memory = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _counterGate = new(1, 1);

    private DeviceState(EncryptedSqliteStore? file, IProtocolStore store, DeviceId device)
    {
        _file = file;
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
        if (options.StorePath is null)
        {
            var device = new DeviceId(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            var memory = new InMemoryProtocolStore(IdentityKeyPair.Generate(), Address(user, device));
            return new DeviceState(null, memory, device);
        }

        using var key = options.StoreKey is { } raw ? StoreKey.FromBytes(raw.Span) : StoreKey.FromPassphrase(options.StorePassphrase!);
        var file = await EncryptedSqliteStore.OpenAsync(new EncryptedSqliteStoreOptions { Path = options.StorePath }, key, cancellationToken).ConfigureAwait(false);
        try
        {
            var owner = await file.GetAsync(Kind, "user", cancellationToken).ConfigureAwait(false);
            if (owner is not null && new Guid(owner) != user.Value)
            {
                throw new ChatalotStoreException(ClientErrorCodes.StoreKeyMismatch, "The store belongs to another account.");
            }

            var saved = await file.GetAsync(Kind, "device", cancellationToken).ConfigureAwait(false);
            var device = saved is null ? new DeviceId(RandomNumberGenerator.GetInt32(1, int.MaxValue)) : new DeviceId(BinaryPrimitives.ReadInt32BigEndian(saved));
            if (saved is null)
            {
                var bytes = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(bytes, device.Value);
                await file.PutAsync(Kind, "user", user.Value.ToByteArray(), cancellationToken).ConfigureAwait(false);
                await file.PutAsync(Kind, "device", bytes, cancellationToken).ConfigureAwait(false);
            }

            var store = await SqliteProtocolStore.OpenAsync(file, Address(user, device), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DeviceState(file, store, device);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        _file is null ? _memory.GetValueOrDefault(name) : await _file.GetAsync(Kind, name, cancellationToken).ConfigureAwait(false);

    public async ValueTask PutAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _memory[name] = value;
        }
        else
        {
            await _file.PutAsync(Kind, name, value, cancellationToken).ConfigureAwait(false);
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

        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        _counterGate.Dispose();
    }
}
