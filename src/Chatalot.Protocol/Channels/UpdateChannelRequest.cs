namespace Chatalot.Protocol.Channels;

/// <summary>Body of <c>PATCH /api/v1/channels/{id}</c>; omitted members stay unchanged.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Topic">The new topic.</param>
/// <param name="ReadOnly">The new read-only flag.</param>
/// <param name="SlowModeSeconds">The new slow mode, 0-86400.</param>
/// <param name="Archived">The new archived flag.</param>
/// <param name="Position">The new sort key within the group, 0-10000.</param>
public sealed record UpdateChannelRequest(
    string? Name = null,
    string? Topic = null,
    bool? ReadOnly = null,
    int? SlowModeSeconds = null,
    bool? Archived = null,
    int? Position = null)
{
    /// <summary>The new number of days a new member may read back (content.md §6.2), 0-<see cref="ChatalotLimits.ChannelHistoryMaxDays"/>; 0 turns it off.</summary>
    public int? HistoryDays { get; init; }
}
