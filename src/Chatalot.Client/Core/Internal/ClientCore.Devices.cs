using Chatalot.Protocol.Keys;

namespace Chatalot.Client.Core.Internal;

internal sealed partial class ClientCore
{
    /// <summary>
    /// A user published a new device list: read and verify it. For this account, a list without this device (or under
    /// another account key) means this device was removed: it forgets the account key.
    /// </summary>
    private async Task RefreshDeviceListAsync(UserId user, CancellationToken cancellationToken)
    {
        if (user == _self && Keyring.Status == DeviceLinkStatus.Linked)
        {
            var (_, list) = await Lists.FetchAsync(user, cancellationToken).ConfigureAwait(false);
            if (list is not null && (list.Find(_state.Device.Value) is null || !list.AccountKey.AsSpan().SequenceEqual(Keyring.AccountKey!.PublicKey.Span)))
            {
                await Keyring.OnRemovedAsync(cancellationToken).ConfigureAwait(false);
                _events.Publish(new DeviceListChanged { UserId = user, Added = [], Removed = [_state.Device], ThisDeviceRemoved = true, ReceivedAt = _time.GetUtcNow() });
                return;
            }
        }

        await Lists.GetAsync(user, cancellationToken, refresh: true).ConfigureAwait(false);
    }

    private async Task AnnounceLinkRequestAsync(Guid linkId, CancellationToken cancellationToken)
    {
        Protocol.Devices.DeviceLink link;
        try
        {
            link = await _rest.GetDeviceLinkAsync(linkId, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException)
        {
            return; // Expired or taken up already.
        }

        _events.Publish(new DeviceLinkRequested { LinkId = link.Id, DeviceId = new DeviceId(link.DeviceId), DeviceName = link.DeviceName, ReceivedAt = _time.GetUtcNow() });
    }

    /// <summary>A newer verified list of a user: tell the application which devices came and went.</summary>
    private void OnDeviceListAccepted(UserId user, DeviceListDocument? previous, DeviceListDocument next)
    {
        if (previous is null)
        {
            return; // First sight of the user's list: nothing changed from this device's view.
        }

        var added = next.Devices.Where(d => previous.Find(d.DeviceId) is null).Select(d => new DeviceId(d.DeviceId)).ToList();
        var removed = previous.Devices.Where(d => next.Find(d.DeviceId) is null).Select(d => new DeviceId(d.DeviceId)).ToList();
        if (added.Count > 0 || removed.Count > 0)
        {
            _events.Publish(new DeviceListChanged { UserId = user, Added = added, Removed = removed, ReceivedAt = _time.GetUtcNow() });
        }
    }
}
