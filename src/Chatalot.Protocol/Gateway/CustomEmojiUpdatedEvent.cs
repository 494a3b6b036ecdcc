using Chatalot.Protocol.Emoji;

namespace Chatalot.Protocol.Gateway;

/// <summary>A community's custom emoji were added or deleted; sent to its members with the whole new list.</summary>
/// <param name="CommunityId">The community.</param>
/// <param name="Emoji">Every custom emoji of the community now, by name.</param>
public sealed record CustomEmojiUpdatedEvent(Guid CommunityId, IReadOnlyList<CustomEmoji> Emoji) : ServerEvent;
