namespace Chatalot.Protocol.Channels;

/// <summary>A text, voice or direct-message channel.</summary>
/// <param name="Id">The channel id.</param>
/// <param name="Type">The channel type.</param>
/// <param name="CommunityId">The community, for group channels.</param>
/// <param name="GroupId">The group, for group channels.</param>
/// <param name="Name">The name (group channels only).</param>
/// <param name="Topic">The topic, at most 512 characters.</param>
/// <param name="ReadOnly">Whether only group admins and community moderators may post.</param>
/// <param name="SlowModeSeconds">Minimum seconds between two messages of one member (0 = off).</param>
/// <param name="Archived">Whether the channel is archived (no new messages).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DmUserIds">The two participants, for DM channels.</param>
/// <param name="Position">Sort key within the group (ascending; ties by creation); 0 for DMs.</param>
public sealed record Channel(
    Guid Id,
    ChannelType Type,
    Guid? CommunityId,
    Guid? GroupId,
    string? Name,
    string? Topic,
    bool ReadOnly,
    int SlowModeSeconds,
    bool Archived,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Guid>? DmUserIds = null,
    int Position = 0)
{
    /// <summary>
    /// How many days back a new member's devices may be given this channel's sender-key chains (content.md §6.2):
    /// 0 (the default) = none, a new member reads only what is sent after they join; at most
    /// <see cref="ChatalotLimits.ChannelHistoryMaxDays"/>. Public metadata: the server stores the number, the members'
    /// clients decide what to hand out.
    /// </summary>
    public int HistoryDays { get; init; }
}
