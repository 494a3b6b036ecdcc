using Chatalot.Client.Core.Internal;
using Chatalot.Client.Devices.Internal;

namespace Chatalot.Client;

/// <summary>
/// This account's devices and its account key (client.md, "Devices"; crypto.md §15): the signed device list that decides
/// who receives keys, linking a new device from a linked one, revoking devices, and the recovery key that restores the
/// account when no other device is left. Connect first.
/// </summary>
public sealed class DeviceClient
{
    private readonly Func<ClientCore> _core;
    private readonly Func<ClientCore?> _coreIfConnected;
    private readonly string? _deviceName;

    internal DeviceClient(Func<ClientCore> core, Func<ClientCore?> coreIfConnected, string? deviceName)
    {
        _core = core;
        _coreIfConnected = coreIfConnected;
        _deviceName = deviceName;
    }

    /// <summary>Whether this device belongs to its account's signed device list.</summary>
    public DeviceLinkStatus Status => _coreIfConnected()?.Keyring.Status ?? DeviceLinkStatus.Unknown;

    /// <summary>A user's devices as their verified signed list holds them (this account's own with <see cref="ChatalotClient.CurrentUserId"/>).</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The listed devices, by id; empty when the user has no list yet.</returns>
    /// <exception cref="ChatalotClientException">Not connected.</exception>
    public async Task<IReadOnlyList<AccountDevice>> GetDevicesAsync(UserId user, CancellationToken cancellationToken = default)
    {
        var core = _core();
        var list = await core.Lists.GetAsync(user, cancellationToken, refresh: true).ConfigureAwait(false);
        if (list is null)
        {
            return [];
        }

        var published = (await core.Rest.GetDevicesAsync(user, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.DeviceId);
        var verified = await core.Identities.IsVerifiedAsync(user, cancellationToken).ConfigureAwait(false);
        var self = core.Self == user;
        return [.. list.Devices.Select(d => new AccountDevice
        {
            Id = new DeviceId(d.DeviceId),
            Name = published.GetValueOrDefault(d.DeviceId)?.DeviceName,
            CreatedAt = published.GetValueOrDefault(d.DeviceId)?.CreatedAt,
            Fingerprint = DeviceListBook.Fingerprint(d.IdentityKey),
            IsCurrent = self && d.DeviceId == core.Device.Value,
            IsVerified = self || verified,
        })];
    }

    /// <summary>
    /// On a new, <see cref="DeviceLinkStatus.Unlinked"/> device: asks the account's linked devices to link this one.
    /// They raise <see cref="DeviceLinkRequested"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request: show its code, and complete it once the user confirmed the codes match. Dispose it after.</returns>
    /// <exception cref="ChatalotClientException"><c>validation_failed</c>: already linked.</exception>
    public Task<OutgoingDeviceLink> RequestLinkAsync(CancellationToken cancellationToken = default) =>
        _core().Linker.RequestAsync(_deviceName, cancellationToken);

    /// <summary>The account's pending link requests (to show after a restart; live ones arrive as <see cref="DeviceLinkRequested"/>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests.</returns>
    public async Task<IReadOnlyList<DeviceLinkRequested>> GetLinkRequestsAsync(CancellationToken cancellationToken = default)
    {
        var core = _core();
        var links = await core.Rest.GetDeviceLinksAsync(cancellationToken).ConfigureAwait(false);
        return [.. links.Where(l => l.State == Protocol.Devices.DeviceLinkState.Requested).Select(l => new DeviceLinkRequested
        {
            LinkId = l.Id,
            DeviceId = new DeviceId(l.DeviceId),
            DeviceName = l.DeviceName,
            ReceivedAt = l.CreatedAt,
        })];
    }

    /// <summary>On a linked device: takes up a link request, so both devices can show the code to compare.</summary>
    /// <param name="linkId">The request (<see cref="DeviceLinkRequested.LinkId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link: show its code, approve only if it matches. Dispose it after.</returns>
    /// <exception cref="ChatalotClientException"><c>device_not_linked</c>.</exception>
    /// <exception cref="ChatalotApiException"><c>device_link_state</c> (another device took it up), <c>not_found</c>.</exception>
    public Task<IncomingDeviceLink> AcceptLinkRequestAsync(Guid linkId, CancellationToken cancellationToken = default) =>
        _core().Linker.RespondAsync(linkId, cancellationToken);

    /// <summary>Removes another device of this account from the signed list: it gets no new keys, and its messages are no longer shown.</summary>
    /// <param name="device">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the new list is published.</returns>
    /// <exception cref="ChatalotClientException"><c>device_not_linked</c>; <c>validation_failed</c> for this device (use <see cref="RemoveThisDeviceAsync"/>).</exception>
    public async Task RevokeAsync(DeviceId device, CancellationToken cancellationToken = default)
    {
        var core = _core();
        if (device == core.Device)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "Use RemoveThisDeviceAsync to remove the device this client runs on.");
        }

        await core.Keyring.ChangeAsync(entries => entries.RemoveAll(e => e.DeviceId == device.Value) > 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes this device from the account's signed list and forgets the account key (at sign-out).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the new list is published.</returns>
    public async Task RemoveThisDeviceAsync(CancellationToken cancellationToken = default)
    {
        var core = _core();
        if (core.Keyring.Status != DeviceLinkStatus.Linked)
        {
            return;
        }

        try
        {
            // What this device read last is backed up before it goes (crypto.md §15.5).
            await core.History.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotApiException or HttpRequestException)
        {
            // Best effort: signing out must not depend on the backup being reachable.
        }

        await core.Keyring.ChangeAsync(entries => entries.RemoveAll(e => e.DeviceId == core.Device.Value) > 0, cancellationToken).ConfigureAwait(false);
        await core.Keyring.OnRemovedAsync(cancellationToken).ConfigureAwait(false);
        await core.History.ForgetKeyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a new recovery key and stores the account key and verifications in the server's backup, encrypted under it
    /// (crypto.md §15.5). Show the returned key to the user once; it replaces any earlier one.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recovery key, 56 characters in groups of four.</returns>
    /// <exception cref="ChatalotClientException"><c>device_not_linked</c>.</exception>
    public Task<string> SetUpRecoveryKeyAsync(CancellationToken cancellationToken = default) => _core().Backup.SetUpAsync(cancellationToken);

    /// <summary>On an unlinked device: restores the account key from the backup with the recovery key, and joins the account's list.</summary>
    /// <param name="recoveryKey">The recovery key as shown (spaces and case do not matter).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once this device is <see cref="DeviceLinkStatus.Linked"/>.</returns>
    /// <exception cref="ChatalotClientException"><c>wrong_recovery_key</c> (mistyped, not the current key, or no backup).</exception>
    public Task RestoreAsync(string recoveryKey, CancellationToken cancellationToken = default) => _core().Backup.RestoreAsync(recoveryKey, cancellationToken);

    /// <summary>
    /// Starts the account over with a new account key and a list of only this device (crypto.md §15.6): for when every
    /// other device and the recovery key are lost. Every contact is told the account identity changed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the new list is published.</returns>
    public Task ResetAccountIdentityAsync(CancellationToken cancellationToken = default) => _core().Keyring.ResetAsync(cancellationToken);
}
