using Chatalot.Client;

namespace Chatalot.Samples.Web.Chat;

/// <summary>A change in a contact's (or this account's) signed device list, shown as a notice until dismissed.</summary>
public sealed record DeviceNotice(Guid Id, Guid UserId, int Added, int Removed);

/// <summary>
/// This account's devices (crypto.md §15): whether this browser is linked, linking it from another device or with the
/// recovery key, approving new devices from here, the device list in Settings, and notices of contacts' device changes.
/// </summary>
public sealed partial class ChatSession
{
    /// <summary>Whether this browser belongs to its account's signed device list (Unlinked: the link screen shows instead of the chat).</summary>
    public DeviceLinkStatus DeviceStatus => Client?.Devices.Status ?? DeviceLinkStatus.Unknown;

    /// <summary>New devices of this account asking to be linked, oldest first (a linked device shows them one at a time).</summary>
    public List<DeviceLinkRequested> LinkRequests { get; } = [];

    /// <summary>Devices contacts (or this account) added or removed since the page loaded.</summary>
    public List<DeviceNotice> DeviceNotices { get; } = [];

    private DeviceClient Devices => (Client ?? throw new ChatalotClientException(Chatalot.Protocol.Errors.ErrorCodes.Unauthenticated, "Not signed in.")).Devices;

    /// <summary>On an unlinked browser: asks the account's linked devices to link this one.</summary>
    public Task<OutgoingDeviceLink> RequestDeviceLinkAsync() => Devices.RequestLinkAsync();

    /// <summary>After the user confirmed the codes match: waits for the other device's approval, then shows the chat.</summary>
    public async Task CompleteDeviceLinkAsync(OutgoingDeviceLink link)
    {
        await link.CompleteAsync();
        await AfterLinkedAsync();
    }

    /// <summary>Restores the account key from the server's backup with the recovery key; throws <c>wrong_recovery_key</c>.</summary>
    public async Task RestoreWithRecoveryKeyAsync(string recoveryKey)
    {
        await Devices.RestoreAsync(recoveryKey.Trim());
        await AfterLinkedAsync();
    }

    /// <summary>Starts the account over with a new account key and only this browser in its list (contacts are warned).</summary>
    public async Task ResetAccountIdentityAsync()
    {
        await Devices.ResetAccountIdentityAsync();
        await AfterLinkedAsync();
    }

    /// <summary>On a linked device: takes up a link request so both devices show the code to compare.</summary>
    public Task<IncomingDeviceLink> AcceptDeviceLinkAsync(DeviceLinkRequested request) => Devices.AcceptLinkRequestAsync(request.LinkId);

    /// <summary>Forgets a link request (approved, declined or taken up elsewhere).</summary>
    public void DismissLinkRequest(Guid linkId)
    {
        LinkRequests.RemoveAll(r => r.LinkId == linkId);
        Notify();
    }

    public Task<IReadOnlyList<AccountDevice>> GetDevicesAsync(Guid userId) => Devices.GetDevicesAsync(new UserId(userId));

    public Task<IReadOnlyList<AccountDevice>> GetMyDevicesAsync() => GetDevicesAsync(Me?.Id ?? Guid.Empty);

    public Task RevokeDeviceAsync(DeviceId device) => Devices.RevokeAsync(device);

    /// <summary>Creates a new recovery key (it replaces any earlier one) and returns it, to show once.</summary>
    public Task<string> SetUpRecoveryKeyAsync() => Devices.SetUpRecoveryKeyAsync();

    public void DismissDeviceNotice(Guid id)
    {
        DeviceNotices.RemoveAll(n => n.Id == id);
        Notify();
    }

    private void SubscribeDeviceEvents(ChatalotClient client)
    {
        LinkRequests.Clear();
        DeviceNotices.Clear();
        _subscriptions.Add(client.Events.On<DeviceLinkRequested>(OnLinkRequestedAsync));
        _subscriptions.Add(client.Events.On<DeviceListChanged>(OnDeviceListChangedAsync));
    }

    /// <summary>After connecting: requests made while no linked device of this account was open are still waiting.</summary>
    private async Task LoadLinkRequestsAsync(ChatalotClient client)
    {
        if (client.Devices.Status != DeviceLinkStatus.Linked)
        {
            return;
        }

        foreach (var request in await client.Devices.GetLinkRequestsAsync())
        {
            if (!LinkRequests.Exists(r => r.LinkId == request.LinkId))
            {
                LinkRequests.Add(request);
            }
        }
    }

    private ValueTask OnLinkRequestedAsync(DeviceLinkRequested request, CancellationToken cancellationToken)
    {
        if (!LinkRequests.Exists(r => r.LinkId == request.LinkId))
        {
            LinkRequests.Add(request);
        }

        Notify();
        return ValueTask.CompletedTask;
    }

    private ValueTask OnDeviceListChangedAsync(DeviceListChanged changed, CancellationToken cancellationToken)
    {
        // This browser removed from the list (revoked elsewhere): the root shows the "removed" screen from DeviceStatus.
        if (!changed.ThisDeviceRemoved)
        {
            DeviceNotices.Add(new DeviceNotice(Guid.NewGuid(), changed.UserId.Value, changed.Added.Count, changed.Removed.Count));
        }

        Notify();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Just linked (or restored, or reset): the directory may have been read while this device could not decrypt, so
    /// read it again; channel messages that could not be read yet are re-requested from the account's other devices.
    /// </summary>
    private async Task AfterLinkedAsync()
    {
        Notify();
        try
        {
            await RefreshDirectoryAsync();
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // The chat shows what it has; the next directory event refreshes it.
        }

        Notify();
    }
}
