namespace Chatalot.Protocol.Channels;

/// <summary>Body of <c>POST /api/v1/groups/{id}/channels</c> (group admin or community admin).</summary>
/// <param name="Name">The name, 1-64 characters.</param>
/// <param name="Type"><see cref="ChannelType.Text"/> or <see cref="ChannelType.Voice"/>.</param>
/// <param name="Topic">The topic.</param>
public sealed record CreateChannelRequest(string Name, ChannelType Type = ChannelType.Text, string? Topic = null)
{
    /// <summary>How many days back a new member may read (content.md §6.2), 0-<see cref="ChatalotLimits.ChannelHistoryMaxDays"/>; 0 (the default) = off.</summary>
    public int HistoryDays { get; init; }
}
