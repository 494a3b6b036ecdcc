using Chatalot.Client.Rest;
using Chatalot.Crypto;
using WireBundle = Chatalot.Protocol.Keys.PrekeyBundle;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Pairwise PQXDH + Double Ratchet sessions with other devices (crypto.md §5–6): starts them from claimed prekey
/// bundles, encrypts and decrypts under the record's lock, and applies the identity change policy (crypto.md §9.2).
/// </summary>
internal sealed class PairwiseSessions(DeviceState state, ChatalotRestClient rest, StateLocks locks, IdentityTrust trust, TimeProvider time)
{
    /// <summary>Makes sure sessions exist with every listed device, claiming the missing users' bundles in one request per user.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<(UserId User, DeviceId Device)> devices, CancellationToken cancellationToken)
    {
        var missing = new List<(UserId User, DeviceId Device)>();
        foreach (var (user, device) in devices)
        {
            if (await state.Store.LoadSessionAsync(DeviceState.Address(user, device), cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add((user, device));
            }
        }

        foreach (var group in missing.GroupBy(d => d.User))
        {
            IReadOnlyList<WireBundle> bundles = group.Count() > 1
                ? await rest.ClaimBundlesAsync(group.Key, cancellationToken).ConfigureAwait(false)
                : [await rest.ClaimBundleAsync(group.Key, group.First().Device, cancellationToken).ConfigureAwait(false)];
            foreach (var bundle in bundles.Where(b => group.Any(d => d.Device.Value == b.DeviceId)))
            {
                await StartAsync(group.Key, new DeviceId(bundle.DeviceId), bundle, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task EnsureAsync(UserId user, DeviceId device, CancellationToken cancellationToken) => EnsureAsync([(user, device)], cancellationToken);

    public async Task<byte[]> EncryptAsync(UserId user, DeviceId device, byte[] plaintext, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        Task<byte[]> EncryptOnceAsync() => locks.RunAsync(StateLocks.SessionKey(address), async () =>
        {
            using var cipher = new SessionCipher(state.Store, address, timeProvider: time);
            return await cipher.EncryptAsync(plaintext, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

        try
        {
            return await EncryptOnceAsync().ConfigureAwait(false);
        }
        catch (UntrustedIdentityException ex)
        {
            await trust.OnChangedAsync(ex, user, device, cancellationToken).ConfigureAwait(false);
            return await EncryptOnceAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Decrypts a pairwise message; an identity change is reported (and, per policy, accepted) first.</summary>
    /// <exception cref="ChatalotClientException">The sender's key changed and the policy blocks it.</exception>
    /// <exception cref="ChatalotCryptoException">The message cannot be decrypted.</exception>
    public async Task<byte[]> DecryptAsync(ProtocolAddress sender, byte[] ciphertext, CancellationToken cancellationToken)
    {
        Task<byte[]> DecryptOnceAsync() => locks.RunAsync(StateLocks.SessionKey(sender), async () =>
        {
            using var cipher = new SessionCipher(state.Store, sender, timeProvider: time);
            return await cipher.DecryptAsync(ciphertext, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

        try
        {
            return await DecryptOnceAsync().ConfigureAwait(false);
        }
        catch (UntrustedIdentityException ex) when (DeviceState.Parse(sender.UserId) is var (user, device))
        {
            await trust.OnChangedAsync(ex, user, device, cancellationToken).ConfigureAwait(false);
            return await DecryptOnceAsync().ConfigureAwait(false);
        }
    }

    private async Task StartAsync(UserId user, DeviceId device, WireBundle bundle, CancellationToken cancellationToken)
    {
        var address = DeviceState.Address(user, device);
        await locks.RunAsync(StateLocks.SessionKey(address), async () =>
        {
            if (await state.Store.LoadSessionAsync(address, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }

            try
            {
                await new SessionBuilder(state.Store, address).ProcessPreKeyBundleAsync(ToCrypto(bundle, address), cancellationToken).ConfigureAwait(false);
            }
            catch (UntrustedIdentityException ex)
            {
                await trust.OnChangedAsync(ex, user, device, cancellationToken).ConfigureAwait(false);
                await new SessionBuilder(state.Store, address).ProcessPreKeyBundleAsync(ToCrypto(bundle, address), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

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
