using Chatalot.Client.Events.Internal;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Roles;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Events;

/// <summary>The gateway's role, member and override events become typed public events, ordered with the community's membership events.</summary>
public class RoleEventMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private static ChatalotEvent Map(ServerEvent serverEvent) =>
        Assert.Single(new EventMapper(new FakeTimeProvider(Now)).Map(serverEvent) ?? []);

    [Fact]
    public void MemberUpdated_CarriesTheMemberAsSent_WithItsTimeOut()
    {
        var communityId = Guid.NewGuid();
        var roleId = Guid.NewGuid();
        var until = Now.AddMinutes(10);
        var member = new CommunityMember(Guid.NewGuid(), "bob", "Bob", CommunityRole.Member, Now) { RoleIds = [roleId], TimedOutUntil = until };

        var updated = Assert.IsType<MemberUpdated>(Map(new MemberUpdatedEvent(communityId, member)));

        Assert.Equal(new CommunityId(communityId), updated.CommunityId);
        Assert.Equal(new UserId(member.UserId), updated.UserId);
        Assert.Same(member, updated.Member);
        Assert.Equal([roleId], updated.Member.RoleIds);
        Assert.Equal(until, updated.TimedOutUntil);
        Assert.Equal(Now, updated.ReceivedAt);
    }

    [Fact]
    public void MemberUpdated_WithoutATimeOut_HasNone()
    {
        var member = new CommunityMember(Guid.NewGuid(), "bob", "Bob", CommunityRole.Moderator, Now);

        Assert.Null(Assert.IsType<MemberUpdated>(Map(new MemberUpdatedEvent(Guid.NewGuid(), member))).TimedOutUntil);
    }

    [Fact]
    public void RolesAndOverrides_MapToTypedEvents_WithTheirScope()
    {
        var communityId = Guid.NewGuid();
        var groupId = Guid.NewGuid();
        var channelId = Guid.NewGuid();
        Role[] roles =
        [
            new(communityId, communityId, "@everyone", null, 0, CommunityPermissions.None, false, false, true),
            new(Guid.NewGuid(), communityId, "mods", "#ff8800", 1, CommunityPermissions.TimeoutMembers, true, true, false),
        ];
        PermissionOverride[] overrides = [new(OverrideTargetKind.Role, communityId, CommunityPermissions.None, CommunityPermissions.ViewChannels)];

        var rolesUpdated = Assert.IsType<RolesUpdated>(Map(new RolesUpdatedEvent(communityId, roles)));
        var channelOverrides = Assert.IsType<OverridesUpdated>(Map(new OverridesUpdatedEvent(communityId, groupId, channelId, overrides)));
        var groupOverrides = Assert.IsType<OverridesUpdated>(Map(new OverridesUpdatedEvent(communityId, groupId, null, [])));

        Assert.Equal(new CommunityId(communityId), rolesUpdated.CommunityId);
        Assert.Same(roles, rolesUpdated.Roles);
        Assert.Equal(new GroupId(groupId), channelOverrides.GroupId);
        Assert.Equal(new ChannelId(channelId), channelOverrides.ChannelId);
        Assert.Same(overrides, channelOverrides.Overrides);
        Assert.Null(groupOverrides.ChannelId);
        Assert.Empty(groupOverrides.Overrides);
    }

    [Fact]
    public void RoleEvents_ShareTheCommunitysOrderingKey_WithMembershipEvents()
    {
        var communityId = Guid.NewGuid();
        var member = new CommunityMember(Guid.NewGuid(), "bob", "Bob", CommunityRole.Member, Now);

        var events = new[]
        {
            Map(new MemberJoinedEvent(communityId, null, member.UserId)),
            Map(new MemberUpdatedEvent(communityId, member)),
            Map(new RolesUpdatedEvent(communityId, [])),
            Map(new OverridesUpdatedEvent(communityId, Guid.NewGuid(), null, [])),
        };

        // A role granted to a member never overtakes the member's joining or the role's creation.
        Assert.All(events, e => Assert.Equal("community:" + communityId, e.OrderingKey));
    }
}
