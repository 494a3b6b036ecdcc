using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Keys;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// The verified signed device lists of the users this device talks to (crypto.md §15.2): fetched, checked (signature,
/// user, pinned account key, no rollback, no equivocation), kept in the store, and pinned down to each device's identity
/// key, so a device the server adds is never encrypted to and a listed device with another key is refused by the
/// session layer. Account key changes are reported here (<see cref="IdentityChanged"/>) and wait for acceptance.
/// </summary>
internal sealed partial class DeviceListBook(DeviceState state, ChatalotRestClient rest, UserId self, IdentityChangePolicy policy, EventHub events, TimeProvider time, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // A device unknown to the cached list triggers one fresh read, at most this often per user: a server replaying
    // messages from a ghost device cannot make us hammer it.
    private static readonly TimeSpan RefreshFloor = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<UserId, Cached> _cache = new();
    private readonly ConcurrentDictionary<UserId, Pending> _pending = new();
    private readonly ConcurrentDictionary<UserId, DeviceId> _lastUnknown = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Raised (on the caller's flow) after a newer list of a user was accepted.</summary>
    public event Action<UserId, DeviceListDocument?, DeviceListDocument>? Accepted;

    /// <summary>Whether a user's account key changed and waits for acceptance.</summary>
    public bool IsPending(UserId user) => _pending.ContainsKey(user);

    /// <summary>The account key pinned for a user (this account's own once linked), or <see langword="null"/>.</summary>
    public async Task<IdentityKey?> PinnedAccountKeyAsync(UserId user, CancellationToken cancellationToken) =>
        await state.GetAsync(PinName(user), cancellationToken).ConfigureAwait(false) is { } pinned ? IdentityKey.FromBytes(pinned) : null;

    /// <summary>The new account key of a pending change, if any.</summary>
    public IdentityKey? PendingAccountKey(UserId user) => _pending.TryGetValue(user, out var pending) ? IdentityKey.FromBytes(pending.List.AccountKey) : null;

    /// <summary>
    /// The user's verified list, from the cache when fresh. <see langword="null"/> when the user never published one.
    /// While an account key change is pending, the last accepted list (the old key's) is returned.
    /// </summary>
    public async Task<DeviceListDocument?> GetAsync(UserId user, CancellationToken cancellationToken, bool refresh = false)
    {
        var now = time.GetUtcNow();
        if (!refresh && _cache.TryGetValue(user, out var cached) && now - cached.FetchedAt < Lifetime)
        {
            return cached.List;
        }

        SignedDeviceList? wire;
        try
        {
            wire = await rest.GetDeviceListAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (ex.Code is Protocol.Errors.ErrorCodes.NoDeviceList or Protocol.Errors.ErrorCodes.NotFound)
        {
            wire = null;
        }

        var list = await AcceptAsync(user, wire, cancellationToken).ConfigureAwait(false);
        _cache[user] = new Cached(list, now);
        return list;
    }

    /// <summary>
    /// Whether a device is in the user's list with that identity key (any key when <paramref name="identityKey"/> is
    /// null). A device the cached list lacks makes one fresh read first (a device added a moment ago).
    /// </summary>
    public async Task<bool> IsListedAsync(UserId user, DeviceId device, ReadOnlyMemory<byte>? identityKey, CancellationToken cancellationToken)
    {
        var list = await GetAsync(user, cancellationToken).ConfigureAwait(false);
        if (!Holds(list, device, identityKey)
            && (!_cache.TryGetValue(user, out var cached) || time.GetUtcNow() - cached.FetchedAt >= RefreshFloor
                || _lastUnknown.GetValueOrDefault(user) != device))
        {
            // A device linked a moment ago can write before its account's device_list_updated event arrives: each
            // unknown device earns one fresh read, however recent the cached list.
            _lastUnknown[user] = device;
            list = await GetAsync(user, cancellationToken, refresh: true).ConfigureAwait(false);
        }

        return Holds(list, device, identityKey);
    }

    /// <summary>Drops a user's cached list (a <c>device_list_updated</c> event), so the next use reads it again.</summary>
    public void Forget(UserId user) => _cache.TryRemove(user, out _);

    /// <summary>Verifies a list's signature and user, with no pinning: for this account's own decisions.</summary>
    public static DeviceListDocument? VerifyOnly(UserId user, SignedDeviceList? wire)
    {
        if (wire is null)
        {
            return null;
        }

        try
        {
            return DeviceListSigner.Verify(wire.List, wire.Signature, user.Value.ToString("D"));
        }
        catch (ChatalotCryptoException)
        {
            return null;
        }
    }

    /// <summary>Reads a user's list from the server, verified but not pinned (null when there is none or it does not verify).</summary>
    public async Task<(SignedDeviceList? Wire, DeviceListDocument? List)> FetchAsync(UserId user, CancellationToken cancellationToken)
    {
        try
        {
            var wire = await rest.GetDeviceListAsync(user, cancellationToken).ConfigureAwait(false);
            return (wire, VerifyOnly(user, wire));
        }
        catch (ChatalotApiException ex) when (ex.Code is Protocol.Errors.ErrorCodes.NoDeviceList or Protocol.Errors.ErrorCodes.NotFound)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Adopts a list this account signed (or received when linking) as the account's own: pins its account key,
    /// replacing any other (a reset), and stores it whatever the stored version.
    /// </summary>
    public async Task AdoptOwnAsync(SignedDeviceList wire, DeviceListDocument list, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = await LoadAsync(self, cancellationToken).ConfigureAwait(false);
            await state.PutAsync(PinName(self), list.AccountKey, cancellationToken).ConfigureAwait(false);
            await StoreAsync(self, wire, list, cancellationToken).ConfigureAwait(false);
            _cache[self] = new Cached(list, time.GetUtcNow());
            Accepted?.Invoke(self, previous, list);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Accepts a user's pending account key change (after the user compared the new safety number).</summary>
    public async Task<bool> AcceptPendingAsync(UserId user, CancellationToken cancellationToken)
    {
        if (!_pending.TryRemove(user, out var pending))
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = await LoadAsync(user, cancellationToken).ConfigureAwait(false);
            await state.PutAsync(PinName(user), pending.List.AccountKey, cancellationToken).ConfigureAwait(false);
            await StoreAsync(user, pending.Wire, pending.List, cancellationToken).ConfigureAwait(false);
            _cache[user] = new Cached(pending.List, time.GetUtcNow());
            Accepted?.Invoke(user, previous, pending.List);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<DeviceListDocument?> AcceptAsync(UserId user, SignedDeviceList? wire, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        DeviceListDocument? stored;
        DeviceListDocument? accepted = null;
        try
        {
            stored = await LoadAsync(user, cancellationToken).ConfigureAwait(false);
            if (wire is null)
            {
                return stored;
            }

            DeviceListDocument list;
            try
            {
                list = DeviceListSigner.Verify(wire.List, wire.Signature, user.Value.ToString("D"));
            }
            catch (ChatalotCryptoException ex)
            {
                LogRejected(logger, user.Value, ex.Code.ToString());
                return stored;
            }

            var pinned = await state.GetAsync(PinName(user), cancellationToken).ConfigureAwait(false);
            if (pinned is not null && !CryptographicOperations.FixedTimeEquals(pinned, list.AccountKey))
            {
                if (user == self)
                {
                    // This account's own key changed elsewhere (a reset, or a server claiming one): never encrypt to that
                    // list; AccountKeyring decides what it means for this device (it leaves the account).
                    return stored;
                }

                if (policy == IdentityChangePolicy.BlockUntilAccepted)
                {
                    var isNew = !_pending.TryGetValue(user, out var known) || !known.List.AccountKey.AsSpan().SequenceEqual(list.AccountKey);
                    _pending[user] = new Pending(wire, list);
                    if (isNew)
                    {
                        Report(user, pinned, list.AccountKey, blocked: true);
                    }

                    return stored;
                }

                Report(user, pinned, list.AccountKey, blocked: false);
                await state.PutAsync(PinName(user), list.AccountKey, cancellationToken).ConfigureAwait(false);
            }
            else if (stored is not null && list.Version <= stored.Version)
            {
                if (list.Version < stored.Version)
                {
                    LogRollback(logger, user.Value, (long)list.Version, (long)stored.Version);
                }
                else if (!DeviceListFormat.Encode(list).AsSpan().SequenceEqual(DeviceListFormat.Encode(stored)))
                {
                    LogEquivocation(logger, user.Value, (long)list.Version);
                }

                return stored;
            }
            else if (pinned is null)
            {
                await state.PutAsync(PinName(user), list.AccountKey, cancellationToken).ConfigureAwait(false);
            }

            await StoreAsync(user, wire, list, cancellationToken).ConfigureAwait(false);
            accepted = list;
        }
        finally
        {
            _gate.Release();
        }

        if (accepted is not null)
        {
            Accepted?.Invoke(user, stored, accepted);
        }

        return accepted;
    }

    private void Report(UserId user, byte[] previous, byte[] next, bool blocked) => events.Publish(new IdentityChanged
    {
        UserId = user,
        PreviousFingerprint = Fingerprint(previous),
        NewFingerprint = Fingerprint(next),
        SendingBlocked = blocked,
        ReceivedAt = time.GetUtcNow(),
    });

    /// <summary>Stores the list and pins each listed device's identity key for the session layer (crypto.md §9.2).</summary>
    private async Task StoreAsync(UserId user, SignedDeviceList wire, DeviceListDocument list, CancellationToken cancellationToken)
    {
        var record = new byte[wire.Signature.Length + wire.List.Length];
        wire.Signature.CopyTo(record, 0);
        wire.List.CopyTo(record, wire.Signature.Length);
        await state.PutAsync(ListName(user), record, cancellationToken).ConfigureAwait(false);
        foreach (var entry in list.Devices)
        {
            if (user == self && entry.DeviceId == state.Device.Value)
            {
                continue;
            }

            var address = DeviceState.Address(user, new DeviceId(entry.DeviceId));
            var key = IdentityKey.FromBytes(entry.IdentityKey);
            var current = await state.Store.GetIdentityAsync(address.UserId, cancellationToken).ConfigureAwait(false);
            if (current is null || !current.Equals(key))
            {
                await state.Store.SaveIdentityAsync(address.UserId, key, cancellationToken).ConfigureAwait(false);
                if (current is not null)
                {
                    await state.Store.DeleteSessionAsync(address, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<DeviceListDocument?> LoadAsync(UserId user, CancellationToken cancellationToken)
    {
        var record = await state.GetAsync(ListName(user), cancellationToken).ConfigureAwait(false);
        return record is { Length: > DeviceListFormat.SignatureLength } && DeviceListFormat.TryParse(record.AsSpan(DeviceListFormat.SignatureLength), out var list)
            ? list
            : null;
    }

    private static bool Holds(DeviceListDocument? list, DeviceId device, ReadOnlyMemory<byte>? identityKey) =>
        list?.Find(device.Value) is { } entry && (identityKey is not { } key || key.Span.SequenceEqual(entry.IdentityKey));

    internal static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key))[..32];

    private static string PinName(UserId user) => "account-pin:" + user.Value.ToString("N");

    private static string ListName(UserId user) => "device-list:" + user.Value.ToString("N");

    private sealed record Cached(DeviceListDocument? List, DateTimeOffset FetchedAt);

    private sealed record Pending(SignedDeviceList Wire, DeviceListDocument List);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Refused the device list of {UserId}: {Code}")]
    private static partial void LogRejected(ILogger logger, Guid userId, string code);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "The server offered version {Offered} of the device list of {UserId}, older than the accepted {Accepted}; kept the accepted one")]
    private static partial void LogRollback(ILogger logger, Guid userId, long offered, long accepted);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "The server offered a different device list of {UserId} under the accepted version {Version}; kept the accepted one")]
    private static partial void LogEquivocation(ILogger logger, Guid userId, long version);
}
