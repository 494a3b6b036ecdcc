using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Client.Devices.Internal;
using Chatalot.Crypto;

namespace Chatalot.Client.Encryption.Internal;

/// <summary>
/// Trust in other people's devices (crypto.md §15): a device's identity key is trusted exactly when the account's
/// verified signed list holds it, and verification is per account (the account safety number, §15.3), so verifying a
/// person once covers all their current and future signed devices. Verifications are kept in the device store and
/// travel to new devices of this account in the link payload and the backup.
/// </summary>
internal sealed class IdentityTrust(DeviceState state, UserId self, DeviceListBook lists) : IDisposable
{
    private const string VerifiedName = "verified-accounts";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<UserId, byte[]>? _verified;

    /// <summary>
    /// The session layer met a device key other than the pinned one: accepted when the account's signed list now says
    /// so (the pin follows the list), refused otherwise.
    /// </summary>
    /// <exception cref="ChatalotClientException"><c>identity_not_accepted</c>: the key is not in the account's list.</exception>
    public async Task OnChangedAsync(UntrustedIdentityException exception, UserId user, DeviceId device, CancellationToken cancellationToken)
    {
        if (lists.IsPending(user))
        {
            throw new ChatalotClientException(ClientErrorCodes.IdentityNotAccepted, $"The account key of {user} changed; accept it with AcceptIdentityAsync after comparing safety numbers.", exception);
        }

        if (!await lists.IsListedAsync(user, device, exception.IdentityKey.ToArray(), cancellationToken).ConfigureAwait(false))
        {
            throw new ChatalotClientException(ClientErrorCodes.IdentityNotAccepted, $"Device {user}/{device} presented an identity key its account's signed device list does not hold.", exception);
        }

        var address = DeviceState.Address(user, device);
        await state.Store.SaveIdentityAsync(address.UserId, exception.IdentityKey, cancellationToken).ConfigureAwait(false);
        await state.Store.DeleteSessionAsync(address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts a user's changed account key reported by <see cref="IdentityChanged"/>.</summary>
    public Task<bool> AcceptAsync(UserId user, CancellationToken cancellationToken) => lists.AcceptPendingAsync(user, cancellationToken);

    /// <summary>The account safety number (crypto.md §15.3) with another user; the pending key after a change.</summary>
    /// <exception cref="ChatalotClientException"><c>not_found</c>: the user has no signed device list; <c>device_not_linked</c>.</exception>
    public async Task<SafetyNumber> GetSafetyNumberAsync(UserId user, CancellationToken cancellationToken)
    {
        var local = await lists.PinnedAccountKeyAsync(self, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatalotClientException(ClientErrorCodes.DeviceNotLinked, "This device does not hold its account key yet.");
        var remote = await RemoteKeyAsync(user, cancellationToken).ConfigureAwait(false);
        return SafetyNumber.Create(self.Value.ToString("D"), local, user.Value.ToString("D"), remote);
    }

    /// <summary>Records that the account safety number with a user was compared. Accepts a pending key change first.</summary>
    public async Task MarkVerifiedAsync(UserId user, CancellationToken cancellationToken)
    {
        await lists.AcceptPendingAsync(user, cancellationToken).ConfigureAwait(false);
        var key = await RemoteKeyAsync(user, cancellationToken).ConfigureAwait(false);
        await ImportAsync([(user, key.ToArray())], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a user's current account key is the one verified.</summary>
    public async Task<bool> IsVerifiedAsync(UserId user, CancellationToken cancellationToken)
    {
        var verified = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (!verified.TryGetValue(user, out var key))
        {
            return false;
        }

        var pinned = await lists.PinnedAccountKeyAsync(user, cancellationToken).ConfigureAwait(false);
        return pinned is not null && CryptographicOperations.FixedTimeEquals(pinned.Span, key);
    }

    /// <summary>The trust of a message from a listed device: verified when its account is.</summary>
    public async Task<TrustState> TrustOfAsync(ProtocolAddress sender, CancellationToken cancellationToken) =>
        DeviceState.Parse(sender.UserId) is var (user, _) && await IsVerifiedAsync(user, cancellationToken).ConfigureAwait(false)
            ? TrustState.Verified
            : TrustState.Trusted;

    /// <summary>Every verification, for the link payload and the backup (crypto.md §15.4).</summary>
    public async Task<IReadOnlyList<(UserId User, byte[] AccountKey)>> ExportAsync(CancellationToken cancellationToken) =>
        [.. (await LoadAsync(cancellationToken).ConfigureAwait(false)).Select(p => (p.Key, p.Value))];

    /// <summary>Adds verifications (from another device of this account, or the user's own comparison).</summary>
    public async Task ImportAsync(IEnumerable<(UserId User, byte[] AccountKey)> verifications, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Copy-on-write: readers hold the published dictionary without a lock.
            var verified = new Dictionary<UserId, byte[]>(await LoadCoreAsync(cancellationToken).ConfigureAwait(false));
            foreach (var (user, key) in verifications)
            {
                verified[user] = key;
            }

            await state.PutAsync(VerifiedName, Encode(verified), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _verified, verified);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<IdentityKey> RemoteKeyAsync(UserId user, CancellationToken cancellationToken)
    {
        if (lists.PendingAccountKey(user) is { } pending)
        {
            return pending;
        }

        if (await lists.PinnedAccountKeyAsync(user, cancellationToken).ConfigureAwait(false) is { } pinned)
        {
            return pinned;
        }

        await lists.GetAsync(user, cancellationToken, refresh: true).ConfigureAwait(false);
        return await lists.PinnedAccountKeyAsync(user, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatalotClientException(Protocol.Errors.ErrorCodes.NotFound, $"{user} has no signed device list yet.");
    }

    private async Task<Dictionary<UserId, byte[]>> LoadAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _verified) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<UserId, byte[]>> LoadCoreAsync(CancellationToken cancellationToken)
    {
        if (_verified is null)
        {
            var saved = await state.GetAsync(VerifiedName, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _verified, saved is null ? [] : Decode(saved));
        }

        return _verified!;
    }

    /// <summary>The verified list as the link payload carries it (crypto.md §15.4): count (u16), then (len u8, user id, AK).</summary>
    internal static byte[] Encode(IReadOnlyDictionary<UserId, byte[]> verified)
    {
        using var buffer = new MemoryStream();
        Span<byte> count = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(count, (ushort)Math.Min(verified.Count, ushort.MaxValue));
        buffer.Write(count);
        foreach (var (user, key) in verified.Take(ushort.MaxValue))
        {
            var id = Encoding.UTF8.GetBytes(user.Value.ToString("D"));
            buffer.WriteByte((byte)id.Length);
            buffer.Write(id);
            buffer.Write(key);
        }

        return buffer.ToArray();
    }

    internal static Dictionary<UserId, byte[]> Decode(ReadOnlySpan<byte> bytes)
    {
        var result = new Dictionary<UserId, byte[]>();
        if (bytes.Length < 2)
        {
            return result;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var at = 2;
        for (var i = 0; i < count && at < bytes.Length; i++)
        {
            var length = bytes[at++];
            if (at + length + 32 > bytes.Length || !Guid.TryParse(Encoding.UTF8.GetString(bytes.Slice(at, length)), out var user))
            {
                break;
            }

            result[new UserId(user)] = bytes.Slice(at + length, 32).ToArray();
            at += length + 32;
        }

        return result;
    }
}
