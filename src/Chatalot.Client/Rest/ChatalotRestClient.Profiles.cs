using System.Net.Http.Headers;
using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>GET /users/{id}/profile</c>: a user's profile (the user, community mates and DM partners only).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> for unknown users and users the caller may not see.</exception>
    public Task<UserProfile> GetProfileAsync(Guid userId, CancellationToken cancellationToken = default) =>
        GetAsync($"users/{userId}/profile", Info<UserProfile>(), cancellationToken);

    /// <summary><c>GET /users/me/status</c>: the status this user chose.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chosen status (an expired custom text is left out).</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task<UserStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        GetAsync("users/me/status", Info<UserStatus>(), cancellationToken);

    /// <summary><c>PUT /users/me/status</c>: stores the status and custom status text for all of this user's connections.</summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored status.</returns>
    /// <exception cref="ChatalotApiException"><c>validation_failed</c> (offline, text too long, expiry in the past).</exception>
    public Task<UserStatus> SetStatusAsync(UserStatus status, CancellationToken cancellationToken = default) =>
        PutAsync<UserStatus, UserStatus>("users/me/status", status, cancellationToken);

    /// <summary><c>PUT /users/me/avatar</c> or <c>/banner</c>: replaces this user's avatar or banner.</summary>
    /// <param name="banner">True for the banner, false for the avatar.</param>
    /// <param name="image">The image bytes.</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/jpeg</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated profile.</returns>
    /// <exception cref="ChatalotApiException"><c>unsupported_media_type</c>, <c>media_type_mismatch</c>, <c>payload_too_large</c>.</exception>
    public Task<UserProfile> SetProfileImageAsync(bool banner, ReadOnlyMemory<byte> image, string mediaType, CancellationToken cancellationToken = default) =>
        SendCoreAsync(HttpMethod.Put, banner ? "users/me/banner" : "users/me/avatar", () => ImageContent(image, mediaType), Info<UserProfile>(), authenticate: true, cancellationToken)!;

    /// <summary><c>DELETE /users/me/avatar</c> or <c>/banner</c>: removes this user's avatar or banner.</summary>
    /// <param name="banner">True for the banner, false for the avatar.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    /// <exception cref="ChatalotApiException">The server refused the call.</exception>
    public Task DeleteProfileImageAsync(bool banner, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, banner ? "users/me/banner" : "users/me/avatar", cancellationToken);

    /// <summary><c>GET /users/{id}/avatar</c> or <c>/banner</c>: a user's current avatar or banner.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="banner">True for the banner, false for the avatar.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: no such image, or the caller may not see the user.</exception>
    public Task<ImageData> GetProfileImageAsync(Guid userId, bool banner, CancellationToken cancellationToken = default) =>
        GetImageCoreAsync($"users/{userId}/{(banner ? "banner" : "avatar")}", cancellationToken);

    /// <summary><c>GET /communities/{id}/emoji</c>: the community's custom emoji, by name.</summary>
    /// <param name="communityId">The community.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The emoji.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c> for non-members.</exception>
    public Task<IReadOnlyList<CustomEmoji>> ListCustomEmojiAsync(Guid communityId, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{communityId}/emoji", Info<IReadOnlyList<CustomEmoji>>(), cancellationToken);

    /// <summary><c>PUT /communities/{id}/emoji/{name}</c>: uploads a custom emoji (community admins and owner).</summary>
    /// <param name="communityId">The community.</param>
    /// <param name="name">The name, <c>[a-z0-9_]{2,32}</c>.</param>
    /// <param name="image">The image bytes.</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new emoji.</returns>
    /// <exception cref="ChatalotApiException"><c>conflict</c> (name taken), <c>emoji_limit_reached</c>, <c>forbidden</c>, <c>media_type_mismatch</c>…</exception>
    public Task<CustomEmoji> UploadCustomEmojiAsync(Guid communityId, string name, ReadOnlyMemory<byte> image, string mediaType, CancellationToken cancellationToken = default) =>
        SendCoreAsync(HttpMethod.Put, $"communities/{communityId}/emoji/{Escape(name)}", () => ImageContent(image, mediaType), Info<CustomEmoji>(), authenticate: true, cancellationToken)!;

    /// <summary><c>DELETE /communities/{id}/emoji/{name}</c>: deletes a custom emoji (community admins and owner).</summary>
    /// <param name="communityId">The community.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public Task DeleteCustomEmojiAsync(Guid communityId, string name, CancellationToken cancellationToken = default) =>
        SendNoContentAsync(HttpMethod.Delete, $"communities/{communityId}/emoji/{Escape(name)}", cancellationToken);

    /// <summary><c>GET /emoji/{id}</c>: a custom emoji's image (members of its community only).</summary>
    /// <param name="emojiId">The emoji.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>.</exception>
    public Task<ImageData> GetCustomEmojiImageAsync(Guid emojiId, CancellationToken cancellationToken = default) =>
        GetImageCoreAsync($"emoji/{emojiId}", cancellationToken);

    private static ReadOnlyMemoryContent ImageContent(ReadOnlyMemory<byte> image, string mediaType)
    {
        var content = new ReadOnlyMemoryContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<ImageData> GetImageCoreAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendForResponseAsync(HttpMethod.Get, path, null, "*/*", authenticate: true, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        return new ImageData(mediaType, bytes, response.Headers.ETag?.Tag);
    }
}
