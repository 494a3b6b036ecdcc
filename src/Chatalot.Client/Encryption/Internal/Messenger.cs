using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Channels;
using Microsoft.Extensions.Logging;
using WireBundle = Chatalot.Protocol.Keys.PrekeyBundle;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Transparent end-to-end encryption over the REST API: pairwise PQXDH/Double Ratchet sessions for direct messages
/// and to-device payloads, Sender Keys for channels distributed only over those sessions (crypto.md §7.2), rotation
/// after a member leaves, and identity pinning per device with a change policy (crypto.md §9.2).
/// </summary>
internal sealed partial class Messenger : IDisposable
{
    private const byte SenderKeyPayload = 0x01;
    private readonly DeviceState _state;
    private readonly ChatalotRestClient _rest;
    private readonly UserId _self;
    private readonly ChatalotClientOptions _options;
    private readonly EventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, Channel> _channels = new();
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, IReadOnlyList<UserId> Users)> _groupMembers = new();
    private readonly ConcurrentDictionary<ChannelId, HashSet<(UserId, DeviceId)>> _distributedTo = new();
    private readonly ConcurrentDictionary<ChannelId, bool> _rotationDue = new();
    private readonly ConcurrentDictionary<string, IdentityKey> _pendingIdentities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ChannelId, SemaphoreSlim> _channelGates = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _stateGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<UserId, (DateTimeOffset At, IReadOnlyList<DeviceId> Devices)> _devices = new();
    private static readonly TimeSpan DeviceCacheLifetime = TimeSpan.FromSeconds(60);

    public Messenger(DeviceState state, ChatalotRestClient rest, UserId self, ChatalotClientOptions options, EventHub events, TimeProvider time, ILogger logger)
    {
        _state = state;
        _rest = rest;
        _self = self;
        _options = options;
        _events = events;
        _time = time;
        _logger = logger;
    }

    private ProtocolAddress SelfAddress => DeviceState.Address(_self, _state.Device);

    internal IProtocolStore StoreForTests => _state.Store;

    public void Dispose()
    {
        foreach (var gate in _channelGates.Values.Concat(_stateGates.Values))
        {
            gate.Dispose();
        }

        _inboxGate.Dispose();
    }

    public async Task<IReadOnlyList<Channel>> RefreshChannelsAsync(CancellationToken cancellationToken)
    {
        var channels = await _rest.GetChannelsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var channel in channels)
        {
            _channels[channel.Id] = channel;
        }

        return channels;
    }

    public async Task<Channel> GetChannelAsync(ChannelId id, CancellationToken cancellationToken)
    {
        if (_channels.TryGetValue(id.Value, out var cached))
        {
            return cached;
        }

        var channel = await _rest.GetChannelAsync(id, cancellationToken).ConfigureAwait(false);
        _channels[id.Value] = channel;
        return channel;
    }

    public void ForgetChannel(Guid channelId) => _channels.TryRemove(channelId, out _);

    /// <summary>A member joined or left: member lists are re-read, and after a departure every sender key of the affected
    /// channels is rotated before its next use, so the departed member cannot read later messages (crypto.md §7.2).</summary>
    public void OnMembershipChanged(Guid communityId, Guid? groupId, bool departed)
    {
        foreach (var key in _groupMembers.Keys)
        {
            if (groupId is null || key == groupId)
            {
                _groupMembers.TryRemove(key, out _);
            }
        }

        if (!departed)
        {
            return;
        }

        foreach (var channel in _channels.Values.Where(c => c.CommunityId == communityId && (groupId is null || c.GroupId == groupId)))
        {
            _rotationDue[new ChannelId(channel.Id)] = true;
        }
    }

    /// <summary>Accepts a changed identity key reported by <see cref="IdentityChanged"/>.</summary>
    public async Task<bool> AcceptIdentityAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        if (!_pendingIdentities.TryRemove(address.UserId, out var key))
        {
            return false;
        }

        await _state.Store.SaveIdentityAsync(address.UserId, key, cancellationToken).ConfigureAwait(false);
        await _state.Store.DeleteSessionAsync(address, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The devices of <paramref name="users"/> except this one. Device lists are cached briefly so a channel send does
    /// not cost one request per member; a message from an unknown device drops its user's entry (see
    /// <see cref="NoteSenderDevice"/>), and a new device otherwise gets the channel's key within the cache lifetime.
    /// </summary>
    private async Task<IReadOnlyList<(UserId User, DeviceId Device)>> DevicesOfAsync(IEnumerable<UserId> users, CancellationToken cancellationToken)
    {
        var result = new List<(UserId, DeviceId)>();
        foreach (var user in users.Distinct())
        {
            if (!_devices.TryGetValue(user, out var cached) || _time.GetUtcNow() - cached.At >= DeviceCacheLifetime)
            {
                var fetched = (await _rest.GetDevicesAsync(user, cancellationToken).ConfigureAwait(false)).Select(d => new DeviceId(d.DeviceId)).ToList();
                cached = (_time.GetUtcNow(), fetched);
                _devices[user] = cached;
            }

            result.AddRange(cached.Devices.Where(id => user != _self || id != _state.Device).Select(id => (user, id)));
        }

        return result;
    }

    /// <summary>Forgets a user's cached device list when one of their devices we did not know writes to us.</summary>
    private void NoteSenderDevice(UserId user, DeviceId device)
    {
        if (_devices.TryGetValue(user, out var cached) && !cached.Devices.Contains(device))
        {
            _devices.TryRemove(user, out _);
        }
    }

    /// <summary>Makes sure a pairwise session with the device exists, claiming its prekey bundle if needed.</summary>
    private async Task EnsureSessionAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        var gate = _stateGates.GetOrAdd(SessionKey(address), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _state.Store.LoadSessionAsync(address, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            var bundle = await _rest.ClaimBundleAsync(user, device, cancellationToken).ConfigureAwait(false);
            try
            {
                await new SessionBuilder(_state.Store, address).ProcessPreKeyBundleAsync(ToCrypto(bundle, address), cancellationToken).ConfigureAwait(false);
            }
            catch (UntrustedIdentityException ex)
            {
                await OnUntrustedAsync(ex, user, device, cancellationToken).ConfigureAwait(false);
                await new SessionBuilder(_state.Store, address).ProcessPreKeyBundleAsync(ToCrypto(bundle, address), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> holding the lock of one piece of ratchet state. Session and sender-key records are
    /// read, advanced and written back by the crypto layer; two concurrent users of the same record (a DM and a
    /// to-device message from the same device, say) would otherwise lose one of the updates.
    /// </summary>
    private async Task<T> LockedAsync<T>(string key, Func<Task<T>> body, CancellationToken cancellationToken)
    {
        var gate = _stateGates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string SessionKey(ProtocolAddress address) => "session:" + address.UserId;

    private static string SenderKeyKey(string channel, ProtocolAddress sender) => "senderkey:" + channel + ":" + sender.UserId;

    /// <summary>Reports a changed key; with <see cref="IdentityChangePolicy.TrustNewKeys"/> accepts it, else throws.</summary>
    private async Task OnUntrustedAsync(UntrustedIdentityException exception, UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var previous = await _state.Store.GetIdentityAsync(exception.UserId, cancellationToken).ConfigureAwait(false);
        var block = _options.IdentityChangePolicy == IdentityChangePolicy.BlockUntilAccepted;
        _pendingIdentities[exception.UserId] = exception.IdentityKey;
        _events.Publish(new IdentityChanged
        {
            UserId = user,
            DeviceId = device,
            PreviousFingerprint = previous is null ? string.Empty : Fingerprint(previous),
            NewFingerprint = Fingerprint(exception.IdentityKey),
            SendingBlocked = block,
            ReceivedAt = _time.GetUtcNow(),
        });
        if (block)
        {
            throw new ChatalotClientException("identity_not_accepted", $"The identity key of {user}/{device} changed; accept it with AcceptIdentityAsync after verifying it.", exception);
        }

        await AcceptIdentityAsync(user, device, cancellationToken).ConfigureAwait(false);
    }

    private static string Fingerprint(IdentityKey key) => Convert.ToHexStringLower(SHA256.HashData(key.Span))[..32];

    private static Crypto.PreKeyBundle ToCrypto(WireBundle bundle, ProtocolAddress address) => new(
        address,
        IdentityKey.FromBytes(bundle.IdentityKey),
        bundle.SignedPrekey.KeyId,
        bundle.SignedPrekey.PublicKey,
        bundle.SignedPrekey.Signature,
        bundle.KemPrekey.KeyId,
        bundle.KemPrekey.PublicKey,
        bundle.KemPrekey.Signature,
        bundle.KemPrekeyIsLastResort,
        bundle.OneTimePrekey?.KeyId,
        // Explicitly typed: a null byte[] would otherwise convert to an empty, non-null ReadOnlyMemory<byte>, which
        // the crypto layer rightly rejects. The server sends no one-time prekey once they are exhausted.
        bundle.OneTimePrekey is { } oneTime ? new ReadOnlyMemory<byte>(oneTime.PublicKey) : (ReadOnlyMemory<byte>?)null);
}
