using Chatalot.Client.Profiles.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Client;

/// <summary>
/// Profiles, profile images and status (client.md, "Profiles and status"): what a member list, a message header, a
/// profile card and a settings page need. Changes reach others as <see cref="ProfileUpdated"/> and
/// <see cref="PresenceChanged"/> events. Profiles are server-visible data, unlike messages (permissions.md §Profiles).
/// </summary>
public sealed class ProfileClient
{
    private readonly ChatalotRestClient _rest;

    internal ProfileClient(ChatalotRestClient rest) => _rest = rest;

    /// <summary>A user's profile: names, bio, pronouns, image ids, and status as others see it now.</summary>
    /// <param name="user">The user (this user, a community mate or a DM partner).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: unknown, or not visible to this user.</exception>
    public Task<UserProfile> GetAsync(UserId user, CancellationToken cancellationToken = default) =>
        _rest.GetProfileAsync(user.Value, cancellationToken);

    /// <summary>Changes this user's display name, bio or pronouns; null leaves a field unchanged, an empty string clears bio or pronouns.</summary>
    /// <param name="displayName">The new display name (1-64 characters), or null.</param>
    /// <param name="bio">The new bio (at most 190 characters), "" to clear, or null.</param>
    /// <param name="pronouns">The new pronouns (at most 40 characters), "" to clear, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated user.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c> naming the field.</exception>
    public Task<User> UpdateAsync(string? displayName = null, string? bio = null, string? pronouns = null, CancellationToken cancellationToken = default) =>
        _rest.UpdateProfileAsync(new UpdateProfileRequest(displayName, bio, pronouns), cancellationToken);

    /// <summary>Replaces this user's avatar. The type and the bytes' signature are checked here first, as the server does.</summary>
    /// <param name="image">The image; read to its end.</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The updated profile (with the new <see cref="UserProfile.AvatarId"/>).</returns>
    /// <exception cref="ChatalotClientException"><c>unsupported_media_type</c> or <c>media_type_mismatch</c>, before any upload.</exception>
    /// <exception cref="ChatalotApiException"><c>payload_too_large</c> past the server's limit (2 MiB by default).</exception>
    public Task<UserProfile> SetAvatarAsync(Stream image, string mediaType, CancellationToken cancellationToken = default) =>
        SetImageAsync(banner: false, image, mediaType, cancellationToken);

    /// <summary>Replaces this user's banner. The type and the bytes' signature are checked here first, as the server does.</summary>
    /// <param name="image">The image; read to its end.</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The updated profile (with the new <see cref="UserProfile.BannerId"/>).</returns>
    /// <exception cref="ChatalotClientException"><c>unsupported_media_type</c> or <c>media_type_mismatch</c>, before any upload.</exception>
    /// <exception cref="ChatalotApiException"><c>payload_too_large</c> past the server's limit (4 MiB by default).</exception>
    public Task<UserProfile> SetBannerAsync(Stream image, string mediaType, CancellationToken cancellationToken = default) =>
        SetImageAsync(banner: true, image, mediaType, cancellationToken);

    /// <summary>Removes this user's avatar (nothing happens when none is set).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task RemoveAvatarAsync(CancellationToken cancellationToken = default) => _rest.DeleteProfileImageAsync(banner: false, cancellationToken);

    /// <summary>Removes this user's banner (nothing happens when none is set).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task RemoveBannerAsync(CancellationToken cancellationToken = default) => _rest.DeleteProfileImageAsync(banner: true, cancellationToken);

    /// <summary>Downloads a user's current avatar (when <see cref="User.AvatarId"/> is set); <see cref="ImageData.OpenRead"/> gives a stream.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The image with its checked media type.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: no avatar, or the user is not visible to this user.</exception>
    public Task<ImageData> GetAvatarAsync(UserId user, CancellationToken cancellationToken = default) =>
        _rest.GetProfileImageAsync(user.Value, banner: false, cancellationToken);

    /// <summary>Downloads a user's current banner; <see cref="ImageData.OpenRead"/> gives a stream.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The image with its checked media type.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: no banner, or the user is not visible to this user.</exception>
    public Task<ImageData> GetBannerAsync(UserId user, CancellationToken cancellationToken = default) =>
        _rest.GetProfileImageAsync(user.Value, banner: true, cancellationToken);

    /// <summary>The status this user chose (what a settings page shows).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored status; an expired custom text is left out.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<UserStatus> GetStatusAsync(CancellationToken cancellationToken = default) => _rest.GetStatusAsync(cancellationToken);

    /// <summary>
    /// Stores this user's status and custom status for all their connections, across reconnects. Idle, dnd and
    /// invisible hold on every connection; online lets each connection's <c>SetPresenceAsync</c> decide. Invisible users
    /// appear offline, with no custom text.
    /// </summary>
    /// <param name="status">Online, idle, dnd or invisible.</param>
    /// <param name="customText">A custom status text (at most 128 characters), or null for none.</param>
    /// <param name="customExpiresAt">When the custom text stops showing, or null to keep it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored status.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c> (offline, text too long, expiry in the past).</exception>
    public Task<UserStatus> SetStatusAsync(PresenceStatus status, string? customText = null, DateTimeOffset? customExpiresAt = null, CancellationToken cancellationToken = default) =>
        _rest.SetStatusAsync(new UserStatus(status, customText, customExpiresAt), cancellationToken);

    private async Task<UserProfile> SetImageAsync(bool banner, Stream image, string mediaType, CancellationToken cancellationToken)
    {
        var data = await ImageUpload.ReadCheckedAsync(image, mediaType, ProfileImages.IsProfileImageType, "image/png, image/jpeg, image/gif or image/webp", cancellationToken).ConfigureAwait(false);
        return await _rest.SetProfileImageAsync(banner, data, mediaType.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
    }
}
