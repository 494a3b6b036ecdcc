using System.Collections.Concurrent;
using Chatalot.Client.Profiles.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Client;

/// <summary>
/// Communities' custom emoji (client.md, "Custom emoji"): a per-community list cached after the first read and replaced
/// by each <c>emoji_updated</c> event, uploads and deletes (community admins and owner), images, and the resolver that
/// turns a <c>:name:</c> token into a community's emoji the way content.md §3.3 says: a standard shortcode wins, then the
/// conversation's community's custom emoji, otherwise the text stays as typed.
/// </summary>
public sealed class CustomEmojiClient
{
    private readonly ChatalotRestClient _rest;
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<CustomEmoji>> _cache = new();

    internal CustomEmojiClient(ChatalotRestClient rest) => _rest = rest;

    /// <summary>The community's custom emoji by name: from the cache, or read from the server the first time (or when <paramref name="refresh"/>).</summary>
    /// <param name="community">The community.</param>
    /// <param name="refresh">Read from the server even when cached (after a long disconnection, for example).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The emoji.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: not a member.</exception>
    public async Task<IReadOnlyList<CustomEmoji>> ListAsync(CommunityId community, bool refresh = false, CancellationToken cancellationToken = default)
    {
        if (!refresh && _cache.TryGetValue(community.Value, out var cached))
        {
            return cached;
        }

        var list = await _rest.ListCustomEmojiAsync(community.Value, cancellationToken).ConfigureAwait(false);
        _cache[community.Value] = list;
        return list;
    }

    /// <summary>The cached list of a community, or null when it was not read yet (see <see cref="ListAsync"/>).</summary>
    /// <param name="community">The community.</param>
    /// <returns>The cached emoji, or null.</returns>
    public IReadOnlyList<CustomEmoji>? Cached(CommunityId community) => _cache.TryGetValue(community.Value, out var list) ? list : null;

    /// <summary>Uploads a custom emoji. The name, type and the bytes' signature are checked here first, as the server does.</summary>
    /// <param name="community">The community (this user must be an admin or its owner).</param>
    /// <param name="name">The name, <c>[a-z0-9_]{2,32}</c>, with or without colons.</param>
    /// <param name="image">The image; read to its end.</param>
    /// <param name="mediaType"><c>image/png</c>, <c>image/gif</c> or <c>image/webp</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The new emoji (also added to the cache).</returns>
    /// <exception cref="ChatalotClientException"><c>validation_failed</c> (name), <c>unsupported_media_type</c> or <c>media_type_mismatch</c>, before any upload.</exception>
    /// <exception cref="ChatalotApiException"><c>conflict</c> (name taken), <c>emoji_limit_reached</c>, <c>forbidden</c>, <c>payload_too_large</c> (256 KiB by default).</exception>
    public async Task<CustomEmoji> UploadAsync(CommunityId community, string name, Stream image, string mediaType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.Length > 2 && name[0] == ':' && name[^1] == ':' ? name[1..^1] : name;
        if (!CustomEmojiNames.IsValid(bare))
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "An emoji name is 2-32 characters of a-z, 0-9 and _.");
        }

        var data = await ImageUpload.ReadCheckedAsync(image, mediaType, ProfileImages.IsEmojiType, "image/png, image/gif or image/webp", cancellationToken).ConfigureAwait(false);
        var emoji = await _rest.UploadCustomEmojiAsync(community.Value, bare, data, mediaType.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        _cache.AddOrUpdate(community.Value, _ => [emoji], (_, list) => [.. list.Where(e => e.Name != emoji.Name).Append(emoji).OrderBy(e => e.Name, StringComparer.Ordinal)]);
        return emoji;
    }

    /// <summary>Deletes a custom emoji (community admins and owner).</summary>
    /// <param name="community">The community.</param>
    /// <param name="name">The name, with or without colons.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted (and dropped from the cache).</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>, <c>forbidden</c>.</exception>
    public async Task DeleteAsync(CommunityId community, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.Length > 2 && name[0] == ':' && name[^1] == ':' ? name[1..^1] : name;
        await _rest.DeleteCustomEmojiAsync(community.Value, bare, cancellationToken).ConfigureAwait(false);
        if (_cache.TryGetValue(community.Value, out var list))
        {
            _cache[community.Value] = [.. list.Where(e => e.Name != bare)];
        }
    }

    /// <summary>Downloads a custom emoji's image; <see cref="ImageData.OpenRead"/> gives a stream.</summary>
    /// <param name="emoji">The emoji.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The image with its checked media type.</returns>
    /// <exception cref="ChatalotApiException"><c>not_found</c>: deleted, or this user is not a member of its community.</exception>
    public Task<ImageData> GetImageAsync(CustomEmoji emoji, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emoji);
        return _rest.GetCustomEmojiImageAsync(emoji.Id, cancellationToken);
    }

    /// <summary>
    /// What a <c>:name:</c> token means in a conversation of <paramref name="community"/> (content.md §3.3): null when it
    /// is a standard shortcode (which wins; use <see cref="Composer.TryGetEmoji"/>), is not a token, or the community has no
    /// custom emoji of that name (the text is shown as typed). Reads the cached list; call <see cref="ListAsync"/> first.
    /// </summary>
    /// <param name="community">The conversation's community; null for direct messages, which have no custom emoji.</param>
    /// <param name="token">The token, e.g. <c>:party_parrot:</c> (or a bare name).</param>
    /// <returns>The custom emoji, or null.</returns>
    public CustomEmoji? Resolve(CommunityId? community, string? token)
    {
        if (community is not { } id || token is null || Composer.TryGetEmoji(token, out _))
        {
            return null;
        }

        var name = CustomEmojiNames.FromToken(token) ?? (CustomEmojiNames.IsValid(token) ? token : null);
        return name is null || Cached(id) is not { } list ? null : list.FirstOrDefault(e => e.Name == name);
    }

    /// <summary>Emoji picker and completion suggestions for a community: its custom emoji and the standard shortcodes (<see cref="Composer.FindEmoji"/>).</summary>
    /// <param name="community">The conversation's community; null for direct messages (standard shortcodes only).</param>
    /// <param name="query">What the user typed.</param>
    /// <param name="limit">At most this many results.</param>
    /// <returns>The matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public IReadOnlyList<EmojiSuggestion> Find(CommunityId? community, string query, int limit = 48) =>
        Composer.FindEmoji(query, community is { } id ? Cached(id) : null, limit);

    internal void Observe(ChatalotEvent chatalotEvent)
    {
        switch (chatalotEvent)
        {
            case CustomEmojiUpdated updated:
                _cache[updated.CommunityId.Value] = updated.Emoji;
                break;
            case CommunityDeleted deleted:
                _cache.TryRemove(deleted.CommunityId.Value, out _);
                break;
            case MemberRemoved { GroupId: null } removed:
                // Whoever left a community may no longer read its emoji; a member's departure changes nothing else here.
                _cache.TryRemove(removed.CommunityId.Value, out _);
                break;
        }
    }
}
