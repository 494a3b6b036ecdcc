using Chatalot.Client;
using Chatalot.Protocol.Emoji;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Communities' custom emoji: the SDK keeps each list (and replaces it on <c>emoji_updated</c>); this resolves
/// <c>:name:</c> the way content.md §3.3 says (through <c>client.Emoji.Resolve</c>) and hands out each image as a blob
/// URL fetched once per emoji id.
/// </summary>
public sealed partial class ChatSession
{
    // Communities whose emoji list is being read (or could not be): each is asked for once at a time.
    private readonly HashSet<Guid> _emojiLoads = [];

    /// <summary>The custom emoji of the community a channel belongs to (none for DMs, or before the list was read).</summary>
    public IReadOnlyList<CustomEmoji> CustomEmojiFor(Guid channelId) =>
        CommunityOf(channelId) is { } tree ? CustomEmojiOf(tree.Community.Id) : [];

    /// <summary>A community's custom emoji from the SDK's cache; a community not read yet (joined after start-up) is read in the background.</summary>
    public IReadOnlyList<CustomEmoji> CustomEmojiOf(Guid communityId)
    {
        if (Client?.Emoji.Cached(new CommunityId(communityId)) is { } cached)
        {
            return cached;
        }

        if (Client is not null && _emojiLoads.Add(communityId))
        {
            _ = LoadCommunityEmojiAsync(communityId);
        }

        return [];
    }

    private async Task LoadCommunityEmojiAsync(Guid communityId)
    {
        try
        {
            await RequireClient().Emoji.ListAsync(new CommunityId(communityId));
            // Done: should the SDK drop this list (the user left), a later look reads it again.
            _emojiLoads.Remove(communityId);
            EmojiVersion++;
            Notify();
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException or InvalidOperationException)
        {
            // Not readable (not a member any more): stays text, and is not asked for again this session.
        }
    }

    /// <summary>The image URL of what <paramref name="token"/> means in a channel, or null when it stays text (or the image is loading).</summary>
    public string? CustomEmojiUrl(Guid channelId, string token)
    {
        if (CommunityOf(channelId) is not { } tree)
        {
            return null;
        }

        // Makes sure the community's list is (being) read; Resolve reads the SDK's cache.
        CustomEmojiOf(tree.Community.Id);
        return Client?.Emoji.Resolve(new CommunityId(tree.Community.Id), token) is { } emoji ? EmojiImageUrl(emoji) : null;
    }

    public string? EmojiImageUrl(CustomEmoji emoji) => ImageUrl(emoji.Id, () => RequireClient().Emoji.GetImageAsync(emoji), emoji: true);

    /// <summary>Whether this user may upload and delete a community's custom emoji (its owner and admins).</summary>
    public bool CanManageEmoji(Guid communityId) =>
        Communities.FirstOrDefault(c => c.Community.Id == communityId) is { } tree
        && (tree.Community.OwnerId == Me?.Id
            || tree.Members.Any(m => m.UserId == Me?.Id && m.Role is Protocol.Communities.CommunityRole.Admin or Protocol.Communities.CommunityRole.Owner));

    public async Task UploadEmojiAsync(Guid communityId, string name, Stream image, string mediaType)
    {
        await RequireClient().Emoji.UploadAsync(new CommunityId(communityId), name.Trim(), image, mediaType);
        EmojiVersion++;
        Notify();
    }

    public async Task DeleteEmojiAsync(Guid communityId, string name)
    {
        await RequireClient().Emoji.DeleteAsync(new CommunityId(communityId), name);
        EmojiVersion++;
        Notify();
    }

    /// <summary>Reads every community's emoji list once after connecting (the SDK keeps them current from then on).</summary>
    private async Task LoadCustomEmojiAsync()
    {
        var client = RequireClient();
        foreach (var tree in Communities)
        {
            try
            {
                await client.Emoji.ListAsync(new CommunityId(tree.Community.Id), refresh: true);
            }
            catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
            {
                // Shown as text until the next emoji_updated.
            }
        }

        EmojiVersion++;
        Notify();
    }
}
