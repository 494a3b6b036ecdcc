using Chatalot.Protocol.Devices;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /users/{id}/device-list</c>: a user's signed device list (crypto.md §15.2), not yet verified.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list and its signature; <c>ChatalotClient.Devices</c> verifies them.</returns>
    /// <exception cref="ChatalotApiException"><c>no_device_list</c>, <c>not_found</c>.</exception>
    public Task<SignedDeviceList> GetDeviceListAsync(UserId user, CancellationToken cancellationToken = default) =>
        GetAsync($"users/{user}/device-list", Info<SignedDeviceList>(), cancellationToken);

    /// <summary><c>PUT /users/me/device-list</c>: publishes a new signed list for the signed-in account.</summary>
    /// <param name="upload">The signed list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list as stored.</returns>
    /// <exception cref="ChatalotApiException"><c>invalid_device_list</c>, <c>device_list_stale</c>, <c>account_key_conflict</c>.</exception>
    public Task<SignedDeviceList> PublishDeviceListAsync(DeviceListUpload upload, CancellationToken cancellationToken = default) =>
        PutAsync<DeviceListUpload, SignedDeviceList>("users/me/device-list", upload, cancellationToken);

    /// <summary><c>POST /users/me/device-links</c>: a new device asks to be linked (crypto.md §15.4 step 1).</summary>
    /// <param name="request">The device and its commitment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c>, <c>rate_limited</c>.</exception>
    public Task<DeviceLink> CreateDeviceLinkAsync(CreateDeviceLinkRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateDeviceLinkRequest, DeviceLink>("users/me/device-links", request, cancellationToken);

    /// <summary><c>GET /users/me/device-links</c>: the account's pending links.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The links not yet approved, declined or expired.</returns>
    public Task<IReadOnlyList<DeviceLink>> GetDeviceLinksAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/device-links", Info<IReadOnlyList<DeviceLink>>(), cancellationToken);

    /// <summary><c>GET /users/me/device-links/{id}</c>.</summary>
    /// <param name="linkId">The link.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link as it stands.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (unknown or expired).</exception>
    public Task<DeviceLink> GetDeviceLinkAsync(Guid linkId, CancellationToken cancellationToken = default) =>
        GetAsync($"users/me/device-links/{linkId}", Info<DeviceLink>(), cancellationToken);

    /// <summary><c>POST /users/me/device-links/{id}/respond</c>: an existing device's ephemeral key (step 2).</summary>
    /// <param name="linkId">The link.</param>
    /// <param name="request">The responding device and its key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ChatalotApiException"><c>device_link_state</c>, <c>not_found</c>.</exception>
    public Task<DeviceLink> RespondToDeviceLinkAsync(Guid linkId, RespondDeviceLinkRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<RespondDeviceLinkRequest, DeviceLink>($"users/me/device-links/{linkId}/respond", request, cancellationToken);

    /// <summary><c>POST /users/me/device-links/{id}/reveal</c>: the new device's ephemeral keys (step 3).</summary>
    /// <param name="linkId">The link.</param>
    /// <param name="request">The keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ChatalotApiException"><c>device_link_state</c>, <c>not_found</c>.</exception>
    public Task<DeviceLink> RevealDeviceLinkAsync(Guid linkId, RevealDeviceLinkRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<RevealDeviceLinkRequest, DeviceLink>($"users/me/device-links/{linkId}/reveal", request, cancellationToken);

    /// <summary><c>POST /users/me/device-links/{id}/approve</c>: the sealed payload (step 5).</summary>
    /// <param name="linkId">The link.</param>
    /// <param name="request">The sealed payload.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ChatalotApiException"><c>device_link_state</c>, <c>not_found</c>.</exception>
    public Task<DeviceLink> ApproveDeviceLinkAsync(Guid linkId, ApproveDeviceLinkRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<ApproveDeviceLinkRequest, DeviceLink>($"users/me/device-links/{linkId}/approve", request, cancellationToken);

    /// <summary><c>POST /users/me/device-links/{id}/decline</c>.</summary>
    /// <param name="linkId">The link.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ChatalotApiException"><c>device_link_state</c>, <c>not_found</c>.</exception>
    public Task<DeviceLink> DeclineDeviceLinkAsync(Guid linkId, CancellationToken cancellationToken = default) =>
        PostAsync<DeviceLink>($"users/me/device-links/{linkId}/decline", cancellationToken);

    /// <summary><c>GET /users/me/key-backup</c>: the account's encrypted key backup (crypto.md §15.5).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backup.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> (no backup).</exception>
    public Task<KeyBackup> GetKeyBackupAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/key-backup", Info<KeyBackup>(), cancellationToken);

    /// <summary><c>PUT /users/me/key-backup</c>: adds or replaces sealed entries (a new key id starts a new backup).</summary>
    /// <param name="upload">The entries and the version they build on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The backup as stored.</returns>
    /// <exception cref="ChatalotApiException"><c>backup_conflict</c>, <c>validation_failed</c>.</exception>
    public Task<KeyBackup> PutKeyBackupAsync(KeyBackupUpload upload, CancellationToken cancellationToken = default) =>
        PutAsync<KeyBackupUpload, KeyBackup>("users/me/key-backup", upload, cancellationToken);
}
