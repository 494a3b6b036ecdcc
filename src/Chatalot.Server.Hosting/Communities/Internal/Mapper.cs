using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Storage.Internal;

namespace Chatalot.Server.Hosting.Communities.Internal;

internal static class Mapper
{
    // canMentionEveryone: whether the caller's community-wide flags hold mention_everyone.
    public static Community ToDto(CommunityRow c, int memberCount, CommunityRole? myRole, bool canMentionEveryone = false) =>
        new(c.Id, c.Name, c.Description, c.OwnerId, c.Discoverable, memberCount, c.CreatedAt, myRole, canMentionEveryone);

    public static Group ToDto(GroupRow g, GroupRole? myRole) =>
        new(g.Id, g.CommunityId, g.Name, g.Description, (GroupVisibility)g.Visibility, g.Discoverable, g.OwnerId, g.CreatedAt, myRole);

    public static Channel ToDto(ChannelRow c) => new(
        c.Id, (ChannelType)c.Type, c.CommunityId, c.GroupId, c.Name, c.Topic, c.ReadOnly, c.SlowModeSeconds, c.Archived, c.CreatedAt,
        c.DmUserLow is { } a && c.DmUserHigh is { } b ? [a, b] : null, c.Position)
    {
        HistoryDays = c.HistoryDays,
    };

    public static Invite ToDto(InviteRow i) => new(i.Id, i.Code, i.CommunityId, i.GroupId, i.MaxUses, i.Uses, i.ExpiresAt, i.CreatedBy, i.CreatedAt);
}
