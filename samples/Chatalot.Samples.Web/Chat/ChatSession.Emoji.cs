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
    /// <summary>The custom emoji of the community a channel belongs to (none for DMs, or before the list was read).</summary>
    public IReadOnlyList<CustomEmoji> CustomEmojiFor(Guid channelId) =>
        CommunityOf(channelId) is { } tree ? CustomEmojiOf(tree.Community.Id) : [];

    public IReadOnlyList<CustomEmoji> CustomEmojiOf(Guid communityId) =>
        Client?.Emoji.Cached(new CommunityId(communityId)) ?? [];

    /// <summary>The image URL of what <paramref name="token"/> means in a channel, or null when it stays text (or the image is loading).</summary>
    public string? CustomEmojiUrl(Guid channelId, string token) =>
        Client?.Emoji.Resolve(CommunityOf(channelId) is { } tree ? new CommunityId(tree.Community.Id) : null, token) is { } emoji
            ? EmojiImageUrl(emoji)
            : null;

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
