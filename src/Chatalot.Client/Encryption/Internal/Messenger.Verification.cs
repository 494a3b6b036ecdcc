using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chatalot.Crypto;

namespace Chatalot.Client.Encryption.Internal;

internal sealed partial class Messenger
{
    private readonly ConcurrentDictionary<string, byte[]?> _verified = new(StringComparer.Ordinal);

    /// <summary>The safety number (crypto.md §9.1) between this device and another, for out-of-band comparison.</summary>
    public async Task<SafetyNumber> GetSafetyNumberAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        var remote = _pendingIdentities.GetValueOrDefault(address.UserId)
            ?? await _state.Store.GetIdentityAsync(address.UserId, cancellationToken).ConfigureAwait(false);
        if (remote is null)
        {
            var published = (await _rest.GetDevicesAsync(user, cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.DeviceId == device.Value)
                ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotFound, $"Device {user}/{device} has no published keys.");
            remote = IdentityKey.FromBytes(published.IdentityKey);
        }

        var local = (await _state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false)).PublicKey;
        return SafetyNumber.Create(SelfAddress.UserId, local, address.UserId, remote);
    }

    /// <summary>Records that the user compared safety numbers: messages from the device's current key are <see cref="TrustState.Verified"/>.</summary>
    public async Task MarkVerifiedAsync(UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        if (_pendingIdentities.ContainsKey(address.UserId))
        {
            await AcceptIdentityAsync(user, device, cancellationToken).ConfigureAwait(false);
        }

        var pinned = await _state.Store.GetIdentityAsync(address.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotFound, "No key is pinned for that device yet: exchange a message first.");
        var key = pinned.ToArray();
        await _state.PutAsync("verified:" + address.UserId, key, cancellationToken).ConfigureAwait(false);
        _verified[address.UserId] = key;
    }

    private async Task<TrustState> TrustOfAsync(ProtocolAddress sender, CancellationToken cancellationToken)
    {
        if (!_verified.TryGetValue(sender.UserId, out var verified))
        {
            verified = await _state.GetAsync("verified:" + sender.UserId, cancellationToken).ConfigureAwait(false);
            _verified[sender.UserId] = verified;
        }

        if (verified is null)
        {
            return TrustState.Trusted;
        }

        // A verification covers one key: after an accepted key change the device is trusted again, not verified.
        var pinned = await _state.Store.GetIdentityAsync(sender.UserId, cancellationToken).ConfigureAwait(false);
        return pinned is not null && CryptographicOperations.FixedTimeEquals(pinned.Span, verified) ? TrustState.Verified : TrustState.Trusted;
    }
}
