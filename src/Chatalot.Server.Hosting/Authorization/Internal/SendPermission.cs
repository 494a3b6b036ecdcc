namespace Chatalot.Server.Hosting.Authorization.Internal;

/// <summary>
/// What the per-send checks need to know about a channel, for one user, as of one cache epoch: an immutable snapshot,
/// so cached values are never entity rows that another request could mutate.
/// </summary>
internal sealed record SendPermission(
    Guid ChannelId,
    bool IsDm,
    Guid? DmUserLow,
    Guid? DmUserHigh,
    bool Archived,
    bool ReadOnly,
    int SlowModeSeconds,
    bool CanModerate)
{
    /// <summary>The caller's resolved flags in the channel (permissions.md §Resolution).</summary>
    public Protocol.Roles.CommunityPermissions Permissions { get; init; }

    /// <summary>The caller's time-out end in the channel's community, as read; compared with the clock on every use.</summary>
    public DateTimeOffset? TimedOutUntil { get; init; }

    /// <summary>The other participant of a DM channel.</summary>
    public Guid DmPeerOf(Guid userId) => DmUserLow == userId ? DmUserHigh!.Value : DmUserLow!.Value;

    /// <summary>Both participants of a DM channel (the only users its events go to), or null for group channels.</summary>
    public Guid[]? DmUsers => DmUserLow is { } a && DmUserHigh is { } b ? [a, b] : null;
}
