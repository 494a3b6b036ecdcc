namespace Chatalot.Client;

/// <summary>
/// A community's custom emoji were added or deleted (<c>emoji_updated</c>). <see cref="ChatalotClient.Emoji"/> has
/// already refreshed its cache when handlers see this.
/// </summary>
public sealed record CustomEmojiUpdated : ChatalotEvent
{
    /// <summary>The community.</summary>
    public required CommunityId CommunityId { get; init; }

    /// <summary>Every custom emoji of the community now, by name.</summary>
    public required IReadOnlyList<Protocol.Emoji.CustomEmoji> Emoji { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
