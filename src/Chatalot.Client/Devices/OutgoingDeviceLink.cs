using Chatalot.Client.Devices.Internal;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;

namespace Chatalot.Client;

/// <summary>
/// This new device's request to join its account (crypto.md §15.4), from <see cref="DeviceClient.RequestLinkAsync"/>.
/// Show <see cref="GetCodeAsync"/>'s code; once the user confirmed it matches the code on their other device, call
/// <see cref="CompleteAsync"/>, which waits for that device's approval and takes the account key.
/// </summary>
public sealed class OutgoingDeviceLink : IDisposable
{
    private readonly DeviceLinker _linker;
    private readonly byte[] _identity;
    private readonly DeviceLinkInitiator _initiator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeviceLinkTranscript? _transcript;

    internal OutgoingDeviceLink(DeviceLinker linker, DeviceLink link, byte[] identity, DeviceLinkInitiator initiator)
    {
        _linker = linker;
        _identity = identity;
        _initiator = initiator;
        Id = link.Id;
        ExpiresAt = link.ExpiresAt;
    }

    /// <summary>The link id (other devices see it in <see cref="DeviceLinkRequested"/>).</summary>
    public Guid Id { get; }

    /// <summary>When the server forgets the request.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// Waits until one of the account's devices accepts the request, then returns the code to compare ("1234 5678").
    /// The same code shows on that device; if it differs, someone is in the middle: call <see cref="DeclineAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c>: declined or expired.</exception>
    public async Task<string> GetCodeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_transcript is null)
            {
                var link = await _linker.WaitAsync(Id, l => l.State >= DeviceLinkState.Responded && l.State != DeviceLinkState.Declined, cancellationToken).ConfigureAwait(false);

                // The transcript takes the responder's key as read before revealing ours (crypto.md §15.4): a relay that
                // could swap it afterwards could search for a colliding code. Anything else is abandoned.
                if (link.State != DeviceLinkState.Responded || link.ResponderKey is not { } responderKey)
                {
                    throw await AbandonAsync("The link moved on without this device revealing its keys.", cancellationToken).ConfigureAwait(false);
                }

                var revealed = await _linker.Rest.RevealDeviceLinkAsync(Id, new RevealDeviceLinkRequest(_initiator.EphemeralKey, _initiator.KemKey), cancellationToken).ConfigureAwait(false);
                if (revealed.ResponderKey is null || !revealed.ResponderKey.AsSpan().SequenceEqual(responderKey))
                {
                    throw await AbandonAsync("The other device's key changed during the link.", cancellationToken).ConfigureAwait(false);
                }

                _transcript = new DeviceLinkTranscript(_linker.Self.Value.ToString("D"), Id, _linker.Device.Value, _identity, _initiator.Commitment,
                    responderKey, _initiator.EphemeralKey, _initiator.KemKey);
            }

            return DeviceLinker.Format(_transcript.Code);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Call once the user confirmed both devices show the same code: waits for the other device's approval, opens the
    /// payload and takes the account key and the account's verifications. This device is then
    /// <see cref="DeviceLinkStatus.Linked"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once linked.</returns>
    /// <exception cref="ChatalotClientException"><c>device_link_failed</c>: declined, expired, or the payload did not check out.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await GetCodeAsync(cancellationToken).ConfigureAwait(false);
        var link = await _linker.WaitAsync(Id, l => l.State == DeviceLinkState.Approved, cancellationToken).ConfigureAwait(false);
        byte[] payload;
        try
        {
            payload = _initiator.OpenPayload(_transcript!, link.Sealed);
        }
        catch (ChatalotCryptoException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.DeviceLinkFailed, "The approval did not come from the device that showed the code.", ex);
        }

        try
        {
            await _linker.AdoptPayloadAsync(payload, addSelf: false, ClientErrorCodes.DeviceLinkFailed, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
        }
    }

    private async Task<ChatalotClientException> AbandonAsync(string reason, CancellationToken cancellationToken)
    {
        await _linker.Rest.DeclineDeviceLinkAsync(Id, cancellationToken).ConfigureAwait(false);
        return new ChatalotClientException(ClientErrorCodes.DeviceLinkFailed, reason + " The link was declined.");
    }

    /// <summary>Declines the link (the codes differ, or the user changed their mind).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once declined.</returns>
    public async Task DeclineAsync(CancellationToken cancellationToken = default) =>
        await _linker.Rest.DeclineDeviceLinkAsync(Id, cancellationToken).ConfigureAwait(false);

    /// <summary>Wipes the ephemeral keys.</summary>
    public void Dispose()
    {
        _initiator.Dispose();
        _gate.Dispose();
    }
}
