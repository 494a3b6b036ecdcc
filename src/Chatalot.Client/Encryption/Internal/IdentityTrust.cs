using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Microsoft.Extensions.Caching.Memory;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Identity pinning per device (crypto.md §9.2): reports a changed key as <see cref="IdentityChanged"/>, applies the
/// <see cref="IdentityChangePolicy"/>, accepts keys, and answers safety numbers and verification (§9.1).
/// </summary>
internal sealed class IdentityTrust(DeviceState state, ChatalotRestClient rest, UserId self, IdentityChangePolicy policy, EventHub events, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, IdentityKey> _pending = new(StringComparer.Ordinal);
    // A read-through cache of the "verified" records, bounded: a device meets any number of peers.
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 4_096 });

    private ProtocolAddress SelfAddress => DeviceState.Address(self, state.Device);

    /// <summary>Reports a changed key; with <see cref="IdentityChangePolicy.TrustNewKeys"/> accepts it, else throws.</summary>
    /// <exception cref="ChatalotClientException">The policy blocks the device until the key is accepted.</exception>
    public async Task OnChangedAsync(UntrustedIdentityException exception, UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var previous = await state.Store.GetIdentityAsync(exception.UserId, cancellationToken).ConfigureAwait(false);
        var block = policy == IdentityChangePolicy.BlockUntilAccepted;
        _pending[exception.UserId] = exception.IdentityKey;
        events.Publish(new IdentityChanged
        {
            UserId = user,
            DeviceId = device,
            PreviousFingerprint = previous is null ? string.Empty : Fingerprint(previous),
            NewFingerprint = Fingerprint(exception.IdentityKey),
            SendingBlocked = block,
            ReceivedAt = time.GetUtcNow(),
        });
        if (block)
        {
            throw new ChatalotClientException(ClientErrorCodes.IdentityNotAccepted, $"The identity key of {user}/{device} changed; accept it with AcceptIdentityAsync after verifying it.", exception);
        }

        await AcceptAsync(user, device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts a changed identity key reported by <see cref="IdentityChanged"/>.</summary>
    public async Task<bool> AcceptAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        if (!_pending.TryRemove(address.UserId, out var key))
        {
            return false;
        }

        await state.Store.SaveIdentityAsync(address.UserId, key, cancellationToken).ConfigureAwait(false);
        await state.Store.DeleteSessionAsync(address, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The safety number (crypto.md §9.1) between this device and another, for out-of-band comparison.</summary>
    public async Task<SafetyNumber> GetSafetyNumberAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        var remote = _pending.GetValueOrDefault(address.UserId)
            ?? await state.Store.GetIdentityAsync(address.UserId, cancellationToken).ConfigureAwait(false);
        if (remote is null)
        {
            var published = (await rest.GetDevicesAsync(user, cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.DeviceId == device.Value)
                ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotFound, $"Device {user}/{device} has no published keys.");
            remote = IdentityKey.FromBytes(published.IdentityKey);
        }

        var local = (await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false)).PublicKey;
        return SafetyNumber.Create(SelfAddress.UserId, local, address.UserId, remote);
    }

    /// <summary>Records that the user compared safety numbers: messages from the device's current key are <see cref="TrustState.Verified"/>.</summary>
    public async Task MarkVerifiedAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        if (_pending.ContainsKey(address.UserId))
        {
            await AcceptAsync(user, device, cancellationToken).ConfigureAwait(false);
        }

        var pinned = await state.Store.GetIdentityAsync(address.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotFound, "No key is pinned for that device yet: exchange a message first.");
        var key = pinned.ToArray();
        await state.PutAsync("verified:" + address.UserId, key, cancellationToken).ConfigureAwait(false);
        _verified.Set(address.UserId, key, new MemoryCacheEntryOptions { Size = 1 });
    }

    public async Task<TrustState> TrustOfAsync(ProtocolAddress sender, CancellationToken cancellationToken)
    {
        if (!_verified.TryGetValue(sender.UserId, out byte[]? verified))
        {
            verified = await state.GetAsync("verified:" + sender.UserId, cancellationToken).ConfigureAwait(false);
            _verified.Set(sender.UserId, verified, new MemoryCacheEntryOptions { Size = 1 });
        }

        if (verified is null)
        {
            return TrustState.Trusted;
        }

        // A verification covers one key: after an accepted key change the device is trusted again, not verified.
        var pinned = await state.Store.GetIdentityAsync(sender.UserId, cancellationToken).ConfigureAwait(false);
        return pinned is not null && CryptographicOperations.FixedTimeEquals(pinned.Span, verified) ? TrustState.Verified : TrustState.Trusted;
    }

    private static string Fingerprint(IdentityKey key) => Convert.ToHexStringLower(SHA256.HashData(key.Span))[..32];

    public void Dispose() => _verified.Dispose();
}
