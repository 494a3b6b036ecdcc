using Chatalot.Protocol.Keys;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>PUT /keys/devices/{id}</c>: publishes (or re-publishes) a device's identity and signed prekeys.</summary>
    /// <param name="device">The device number this client chose.</param>
    /// <param name="upload">The signed keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device as the server records it.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_signature</c>, <c>identity_key_conflict</c>, <c>validation_failed</c>.</exception>
    public Task<DeviceInfo> PublishDeviceKeysAsync(DeviceId device, DeviceKeysUpload upload, CancellationToken cancellationToken = default) =>
        PutAsync<DeviceKeysUpload, DeviceInfo>($"keys/devices/{device}", upload, cancellationToken);

    /// <summary><c>DELETE /keys/devices/{id}</c>: removes a device and its keys.</summary>
    /// <param name="device">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task DeleteDeviceAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"keys/devices/{device}", cancellationToken);

    /// <summary><c>POST /keys/devices/{id}/prekeys</c>: uploads more one-time prekeys.</summary>
    /// <param name="device">The device.</param>
    /// <param name="upload">The prekeys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts left on the server after the upload.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_signature</c>, <c>validation_failed</c>.</exception>
    public Task<PrekeyCounts> UploadPrekeysAsync(DeviceId device, PrekeyUpload upload, CancellationToken cancellationToken = default) =>
        PostAsync<PrekeyUpload, PrekeyCounts>($"keys/devices/{device}/prekeys", upload, cancellationToken);

    /// <summary><c>GET /keys/devices/{id}/prekeys/count</c>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many one-time prekeys of each kind remain.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<PrekeyCounts> GetPrekeyCountsAsync(DeviceId device, CancellationToken cancellationToken = default) =>
        GetAsync($"keys/devices/{device}/prekeys/count", Info<PrekeyCounts>(), cancellationToken);

    /// <summary><c>GET /users/{id}/devices</c>: a user's devices and identity keys.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The devices.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync(UserId user, CancellationToken cancellationToken = default) =>
        GetAsync($"users/{user}/devices", Info<IReadOnlyList<DeviceInfo>>(), cancellationToken);

    /// <summary><c>POST /users/{id}/devices/bundles</c>: claims a prekey bundle for every device of a user (consumes one-time prekeys).</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One bundle per device.</returns>
    /// <exception cref="ChatalotApiException"><c>no_devices</c>, <c>rate_limited</c>.</exception>
    public Task<IReadOnlyList<PrekeyBundle>> ClaimBundlesAsync(UserId user, CancellationToken cancellationToken = default) =>
        PostAsync<IReadOnlyList<PrekeyBundle>>($"users/{user}/devices/bundles", cancellationToken);

    /// <summary><c>POST /users/{id}/devices/{device}/bundle</c>: claims the prekey bundle of one device.</summary>
    /// <param name="user">The user.</param>
    /// <param name="device">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bundle.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>rate_limited</c>.</exception>
    public Task<PrekeyBundle> ClaimBundleAsync(UserId user, DeviceId device, CancellationToken cancellationToken = default) =>
        PostAsync<PrekeyBundle>($"users/{user}/devices/{device}/bundle", cancellationToken);

    /// <summary><c>POST /to-device</c>: queues opaque payloads (session setup, sender keys) for specific devices.</summary>
    /// <param name="request">The sending device and the per-device payloads.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids of the queued messages.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c>, <c>blocked</c>, <c>payload_too_large</c>.</exception>
    public Task<ToDeviceSendResult> SendToDeviceAsync(SendToDeviceRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<SendToDeviceRequest, ToDeviceSendResult>("to-device", request, cancellationToken);

    /// <summary><c>GET /to-device/{device}</c>: the device's pending inbox, oldest first.</summary>
    /// <param name="device">This client's device.</param>
    /// <param name="limit">Maximum entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending messages.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<IReadOnlyList<ToDeviceMessage>> GetToDeviceInboxAsync(DeviceId device, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync($"to-device/{device}{Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", Info<IReadOnlyList<ToDeviceMessage>>(), cancellationToken);

    /// <summary><c>POST /to-device/{device}/ack</c>: deletes processed inbox entries.</summary>
    /// <param name="device">This client's device.</param>
    /// <param name="messageIds">The processed entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task AckToDeviceAsync(DeviceId device, IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Post, $"to-device/{device}/ack", new AckToDeviceRequest(messageIds), cancellationToken);
}
