using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Keys;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// This account's key <c>AK</c> (crypto.md §15.1) as this device holds it, and the account's signed device list: the
/// first device creates both; a linked device adds itself, revokes others, removes itself on sign-out, and notices when
/// it was removed. Holds the key in the device store, never in logs.
/// </summary>
internal sealed partial class AccountKeyring(DeviceState state, ChatalotRestClient rest, UserId self, DeviceListBook book, TimeProvider time, ILogger logger) : IDisposable
{
    private const string KeyName = "account_key";
    private const string ListedName = "account_listed";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IdentityKeyPair? _accountKey;

    public DeviceLinkStatus Status { get; private set; }

    /// <summary>Raised when this device joins its account's list by linking or restoring (not when it created the account).</summary>
    public event Action? Joined;

    /// <summary>The account key, when this device holds it.</summary>
    public IdentityKeyPair? AccountKey => _accountKey;

    /// <summary>
    /// At connect: loads the account key and reconciles with the published list. The first device of an account creates
    /// the key and a list of itself; a device that holds the key adds itself if missing, and drops the key if it was
    /// removed or the account was reset elsewhere; a new device of an account with a list is <see cref="DeviceLinkStatus.Unlinked"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_accountKey is null && await state.GetAsync(KeyName, cancellationToken).ConfigureAwait(false) is { Length: > 0 } saved)
            {
                _accountKey = IdentityKeyPair.Import(saved);
            }

            var (wire, list) = await book.FetchAsync(self, cancellationToken).ConfigureAwait(false);
            if (_accountKey is null)
            {
                if (wire is null)
                {
                    await CreateAsync(reset: false, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Status = await state.GetAsync(ListedName, cancellationToken).ConfigureAwait(false) is null ? DeviceLinkStatus.Unlinked : DeviceLinkStatus.Removed;
                }

                return;
            }

            if (list is not null && !list.AccountKey.AsSpan().SequenceEqual(_accountKey.PublicKey.Span))
            {
                LogAccountReset(logger);
                await DropKeyAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            if (list?.Find(state.Device.Value) is null && list is not null && await state.GetAsync(ListedName, cancellationToken).ConfigureAwait(false) is not null)
            {
                await DropKeyAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            if (list is not null && wire is not null)
            {
                await book.AdoptOwnAsync(wire, list, cancellationToken).ConfigureAwait(false);
            }

            await ChangeCoreAsync(entries => AddSelfAsync(entries, cancellationToken), cancellationToken).ConfigureAwait(false);
            Status = DeviceLinkStatus.Linked;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Signs and publishes a new list with <paramref name="change"/> applied (retrying on a concurrent change).</summary>
    /// <exception cref="ChatalotClientException"><c>device_not_linked</c>: this device does not hold the account key.</exception>
    public async Task ChangeAsync(Func<List<DeviceListEntry>, bool> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RequireLinked();
            await ChangeCoreAsync(entries => Task.FromResult(change(entries)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the account key received by linking or restoring, after checking it signs the current list with this device in it.</summary>
    /// <returns>Whether the key was adopted (false: it is not the account's current key, or the list lacks this device).</returns>
    public async Task<bool> AdoptAsync(IdentityKeyPair accountKey, bool addSelf, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (wire, list) = await book.FetchAsync(self, cancellationToken).ConfigureAwait(false);
            if (wire is null || list is null || !list.AccountKey.AsSpan().SequenceEqual(accountKey.PublicKey.Span))
            {
                return false;
            }

            // A linked device was signed in by the approving device; it must be listed under its own identity key.
            var identity = (await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false)).PublicKey;
            if (!addSelf && (list.Find(state.Device.Value)?.IdentityKey is not { } listed || !listed.AsSpan().SequenceEqual(identity.Span)))
            {
                return false;
            }

            _accountKey?.Dispose();
            _accountKey = accountKey;
            await state.PutAsync(KeyName, accountKey.ExportPrivateKey(), cancellationToken).ConfigureAwait(false);
            await book.AdoptOwnAsync(wire, list, cancellationToken).ConfigureAwait(false);
            if (addSelf)
            {
                await ChangeCoreAsync(entries => AddSelfAsync(entries, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            await state.PutAsync(ListedName, [1], cancellationToken).ConfigureAwait(false);
            Status = DeviceLinkStatus.Linked;
            Joined?.Invoke();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates a new account key and a list of only this device, as a reset (crypto.md §15.6).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CreateAsync(reset: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>This device left the list (it removed itself, or another device removed it): forget the account key.</summary>
    public async Task OnRemovedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DropKeyAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <exception cref="ChatalotClientException"><c>device_not_linked</c>.</exception>
    public void RequireLinked()
    {
        if (Status != DeviceLinkStatus.Linked || _accountKey is null)
        {
            throw new ChatalotClientException(ClientErrorCodes.DeviceNotLinked, Status == DeviceLinkStatus.Removed
                ? "This device was removed from the account: sign in again and link it from another device."
                : "This device is not part of the account yet: link it from another device (Devices.RequestLinkAsync), restore it with the recovery key (Devices.RestoreAsync), or reset the account identity (Devices.ResetAccountIdentityAsync).");
        }
    }

    public void Dispose()
    {
        _accountKey?.Dispose();
        _gate.Dispose();
    }

    private async Task CreateAsync(bool reset, CancellationToken cancellationToken)
    {
        var key = IdentityKeyPair.Generate();
        var identity = await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var list = new DeviceListDocument(self.Value.ToString("D"), key.PublicKey.ToArray(), 1, Now(), [new DeviceListEntry(state.Device.Value, identity.PublicKey.ToArray())]);
        var (bytes, signature) = DeviceListSigner.Sign(key, list);
        var wire = await rest.PublishDeviceListAsync(new DeviceListUpload(bytes, signature, ResetAccount: reset), cancellationToken).ConfigureAwait(false);
        await state.PutAsync(KeyName, key.ExportPrivateKey(), cancellationToken).ConfigureAwait(false);
        await state.PutAsync(ListedName, [1], cancellationToken).ConfigureAwait(false);
        _accountKey?.Dispose();
        _accountKey = key;
        await book.AdoptOwnAsync(wire, list, cancellationToken).ConfigureAwait(false);
        Status = DeviceLinkStatus.Linked;
    }

    private async Task DropKeyAsync(CancellationToken cancellationToken)
    {
        _accountKey?.Dispose();
        _accountKey = null;
        await state.PutAsync(KeyName, [], cancellationToken).ConfigureAwait(false);
        Status = DeviceLinkStatus.Removed;
    }

    private async Task<bool> AddSelfAsync(List<DeviceListEntry> entries, CancellationToken cancellationToken)
    {
        var identity = (await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false)).PublicKey.ToArray();
        if (entries.Any(e => e.DeviceId == state.Device.Value && e.IdentityKey.AsSpan().SequenceEqual(identity)))
        {
            await state.PutAsync(ListedName, [1], cancellationToken).ConfigureAwait(false);
            return false;
        }

        entries.RemoveAll(e => e.DeviceId == state.Device.Value);
        entries.Add(new DeviceListEntry(state.Device.Value, identity));
        return true;
    }

    private async Task ChangeCoreAsync(Func<List<DeviceListEntry>, Task<bool>> change, CancellationToken cancellationToken)
    {
        var key = _accountKey!;
        for (var attempt = 0; ; attempt++)
        {
            var (_, current) = await book.FetchAsync(self, cancellationToken).ConfigureAwait(false);
            if (current is not null && !current.AccountKey.AsSpan().SequenceEqual(key.PublicKey.Span))
            {
                throw new ChatalotClientException(ClientErrorCodes.DeviceNotLinked, "The account identity was reset on another device: this device is no longer part of the account.");
            }

            var entries = current?.Devices.ToList() ?? [];
            if (!await change(entries).ConfigureAwait(false))
            {
                return;
            }

            var list = new DeviceListDocument(self.Value.ToString("D"), key.PublicKey.ToArray(), (current?.Version ?? 0) + 1, Now(), entries);
            var (bytes, signature) = DeviceListSigner.Sign(key, list);
            try
            {
                var wire = await rest.PublishDeviceListAsync(new DeviceListUpload(bytes, signature), cancellationToken).ConfigureAwait(false);
                await book.AdoptOwnAsync(wire, list, cancellationToken).ConfigureAwait(false);
                if (list.Find(state.Device.Value) is not null)
                {
                    await state.PutAsync(ListedName, [1], cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.DeviceListStale && attempt < 4)
            {
                // Another device of the account published at the same time: apply the change to its list.
            }
        }
    }

    // Millisecond precision: the list stores Unix milliseconds.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "The account's identity was reset on another device: this device is no longer part of the account")]
    private static partial void LogAccountReset(ILogger logger);
}
