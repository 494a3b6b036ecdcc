using Chatalot.Client.Devices.Internal;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;

namespace Chatalot.Client;

/// <summary>
/// A new device's request, accepted on this linked device (<see cref="DeviceClient.AcceptLinkRequestAsync"/>). Show
/// <see cref="GetCodeAsync"/>'s code beside the new device's; only if they match, <see cref="ApproveAsync"/> signs the new
/// device into the account's list and hands it the account key over the link's post-quantum channel (crypto.md §15.4).
/// </summary>
public sealed class IncomingDeviceLink : IDisposable
{
    private readonly DeviceLinker _linker;
    private readonly DeviceLinkResponder _responder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DeviceLink _requested;
    private DeviceLinkTranscript? _transcript;
    private DeviceLink _link;

    /// <param name="linker">The linking service.</param>
    /// <param name="requested">The request as read before this device posted its key: the transcript is built from it (crypto.md §15.4).</param>
    /// <param name="responder">This device's ephemeral key.</param>
    internal IncomingDeviceLink(DeviceLinker linker, DeviceLink requested, DeviceLinkResponder responder)
    {
        _linker = linker;
        _responder = responder;
        _requested = requested;
        _link = requested;
    }

    /// <summary>The link id.</summary>
    public Guid Id => _link.Id;

    /// <summary>The new device.</summary>
    public DeviceId DeviceId => new(_link.DeviceId);

    /// <summary>The new device's label, if it gave one (unsigned, for display).</summary>
    public string? DeviceName => _link.DeviceName;

    /// <summary>Waits for the new device to reveal its keys, checks them against its commitment and returns the code ("1234 5678").</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c>: declined, expired, or the keys do not match the commitment.</exception>
    public async Task<string> GetCodeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_transcript is null)
            {
                _link = await _linker.WaitAsync(Id, l => l.State is DeviceLinkState.Revealed or DeviceLinkState.Approved, cancellationToken).ConfigureAwait(false);
                try
                {
                    // The commitment, device and identity as read before this device posted its key (crypto.md §15.4): a
                    // relay that changes them afterwards fails the transcript's commitment check, or is caught here.
                    if (_link.DeviceId != _requested.DeviceId || !_link.IdentityKey.AsSpan().SequenceEqual(_requested.IdentityKey)
                        || !_link.Commitment.AsSpan().SequenceEqual(_requested.Commitment))
                    {
                        throw new InvalidMessageException("The link request changed after this device responded.");
                    }

                    _transcript = new DeviceLinkTranscript(_linker.Self.Value.ToString("D"), Id, _requested.DeviceId, _requested.IdentityKey, _requested.Commitment,
                        _responder.EphemeralKey, _link.EphemeralKey, _link.KemKey);
                }
                catch (ChatalotCryptoException ex)
                {
                    await _linker.Rest.DeclineDeviceLinkAsync(Id, cancellationToken).ConfigureAwait(false);
                    throw new ChatalotClientException(ClientErrorCodes.DeviceLinkFailed, "The new device's keys do not match what it committed to: the link was declined.", ex);
                }
            }

            return DeviceLinker.Format(_transcript.Code);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves the new device: call only after the user confirmed both devices show the same code.</summary>
    /// <param name="cancellationToken">Cancels the approval.</param>
    /// <returns>A task that completes once the new device is in the account's list and its payload is posted.</returns>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c>, <c>device_not_linked</c>.</exception>
    public async Task ApproveAsync(CancellationToken cancellationToken = default)
    {
        await GetCodeAsync(cancellationToken).ConfigureAwait(false);
        var payload = await _linker.AddAndBuildPayloadAsync(_link, cancellationToken).ConfigureAwait(false);
        try
        {
            var sealedPayload = _responder.SealPayload(_transcript!, payload);
            await _linker.Rest.ApproveDeviceLinkAsync(Id, new ApproveDeviceLinkRequest(sealedPayload), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Declines the request (the codes differ, or the user does not recognise the device).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once declined.</returns>
    public async Task DeclineAsync(CancellationToken cancellationToken = default) =>
        await _linker.Rest.DeclineDeviceLinkAsync(Id, cancellationToken).ConfigureAwait(false);

    /// <summary>Wipes the ephemeral key.</summary>
    public void Dispose()
    {
        _responder.Dispose();
        _gate.Dispose();
    }
}
