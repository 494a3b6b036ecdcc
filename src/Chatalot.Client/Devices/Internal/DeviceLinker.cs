using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Keys;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// Both ends of device linking (crypto.md §15.4) over the server's relay: the new device's request, reveal and
/// adoption of the payload; the linked device's response, signed list update and sealed payload. Steps wait on
/// <c>device_link_updated</c> events, with a slow poll as a safety net for a missed event.
/// </summary>
internal sealed class DeviceLinker(DeviceState state, ChatalotRestClient rest, UserId self, AccountKeyring keyring, IdentityTrust trust, DeviceListBook lists, HistoryBackup history, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UserId Self => self;

    public DeviceId Device => state.Device;

    public ChatalotRestClient Rest => rest;

    public AccountKeyring Keyring => keyring;

    /// <summary>A link of this account moved on: wake whoever waits on one.</summary>
    public void OnLinkUpdated() => Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task<OutgoingDeviceLink> RequestAsync(string? deviceName, CancellationToken cancellationToken)
    {
        if (keyring.Status == DeviceLinkStatus.Linked)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "This device is already linked.");
        }

        var identity = (await state.Store.GetIdentityKeyPairAsync(cancellationToken).ConfigureAwait(false)).PublicKey.ToArray();
        var initiator = DeviceLinkInitiator.Create();
        try
        {
            var link = await rest.CreateDeviceLinkAsync(new CreateDeviceLinkRequest(state.Device.Value, identity, initiator.Commitment, deviceName), cancellationToken).ConfigureAwait(false);
            return new OutgoingDeviceLink(this, link, identity, initiator);
        }
        catch
        {
            initiator.Dispose();
            throw;
        }
    }

    public async Task<IncomingDeviceLink> RespondAsync(Guid linkId, CancellationToken cancellationToken)
    {
        keyring.RequireLinked();
        // Read before responding: the transcript must use the commitment as it was before this device's key went out.
        var requested = await rest.GetDeviceLinkAsync(linkId, cancellationToken).ConfigureAwait(false);
        var responder = DeviceLinkResponder.Create();
        try
        {
            await rest.RespondToDeviceLinkAsync(linkId, new RespondDeviceLinkRequest(state.Device.Value, responder.EphemeralKey), cancellationToken).ConfigureAwait(false);
            return new IncomingDeviceLink(this, requested, responder);
        }
        catch
        {
            responder.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the link satisfies <paramref name="reached"/>; a declined or vanished link fails.</summary>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c>.</exception>
    public async Task<DeviceLink> WaitAsync(Guid linkId, Func<DeviceLink, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulse = Volatile.Read(ref _pulse).Task;
            DeviceLink link;
            try
            {
                link = await rest.GetDeviceLinkAsync(linkId, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.NotFound)
            {
                throw new ChatalotClientException(ClientErrorCodes.DeviceLinkFailed, "The link request expired or was cancelled.", ex);
            }

            if (reached(link))
            {
                return link;
            }

            if (link.State == DeviceLinkState.Declined)
            {
                throw new ChatalotClientException(ClientErrorCodes.DeviceLinkFailed, "The link was declined on one of the devices.");
            }

            await Task.WhenAny(pulse, Task.Delay(PollInterval, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The linked device's side of step 5: sign the new device into the list, then build the payload.</summary>
    public async Task<byte[]> AddAndBuildPayloadAsync(DeviceLink link, CancellationToken cancellationToken)
    {
        await keyring.ChangeAsync(entries =>
        {
            if (entries.Any(e => e.DeviceId == link.DeviceId && e.IdentityKey.AsSpan().SequenceEqual(link.IdentityKey)))
            {
                return false;
            }

            entries.RemoveAll(e => e.DeviceId == link.DeviceId);
            entries.Add(new DeviceListEntry(link.DeviceId, link.IdentityKey));
            return true;
        }, cancellationToken).ConfigureAwait(false);
        // The recovery key travels too, so the new device can read the backed-up history and add to it (crypto.md §15.4).
        using var recoveryKey = await history.LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        return LinkPayload.Build(keyring.AccountKey!, await trust.ExportAsync(cancellationToken).ConfigureAwait(false), recoveryKey);
    }

    /// <summary>The new device's last step: adopt the account key and the verifications of an opened payload.</summary>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c> (or <paramref name="failure"/>): the payload is not for this account's current list with this device in it.</exception>
    public async Task AdoptPayloadAsync(byte[] payload, bool addSelf, string failure, CancellationToken cancellationToken)
    {
        var (_, list) = await lists.FetchAsync(self, cancellationToken).ConfigureAwait(false);
        if (list is null || LinkPayload.Parse(payload, list.AccountKey) is not var (accountKey, verified))
        {
            throw new ChatalotClientException(failure, "The account key received is not the one that signs the account's device list.");
        }

        if (!await keyring.AdoptAsync(accountKey, addSelf, cancellationToken).ConfigureAwait(false))
        {
            accountKey.Dispose();
            throw new ChatalotClientException(failure, "The account's device list does not hold this device under its identity key.");
        }

        await trust.ImportAsync(verified, cancellationToken).ConfigureAwait(false);
        if (LinkPayload.ReadRecoveryKey(payload) is { } recoveryKey)
        {
            using (recoveryKey)
            {
                await history.TryRestoreAsync(recoveryKey, backup: null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Shows a code as two groups of four digits.</summary>
    public static string Format(string code) => code.Length == 8 ? code[..4] + " " + code[4..] : code;
}
