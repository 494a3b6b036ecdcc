using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Roles.Internal;

namespace Chatalot.Server.Hosting.Tests.Roles;

/// <summary>Override resolution of permissions.md §Resolution, without I/O.</summary>
public sealed class PermissionResolverTests
{
    private static readonly Guid Community = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();
    private static readonly Guid RoleA = Guid.NewGuid();
    private static readonly Guid RoleB = Guid.NewGuid();
    private static readonly HashSet<Guid> Both = [RoleA, RoleB];

    private static OverrideFlags Everyone(CommunityPermissions allow, CommunityPermissions deny) => new(OverrideTargetKind.Role, Community, allow, deny);

    private static OverrideFlags Role(Guid id, CommunityPermissions allow, CommunityPermissions deny) => new(OverrideTargetKind.Role, id, allow, deny);

    private static OverrideFlags Member(CommunityPermissions allow, CommunityPermissions deny) => new(OverrideTargetKind.Member, User, allow, deny);

    private static CommunityPermissions Apply(CommunityPermissions flags, params OverrideFlags[] overrides) =>
        PermissionResolver.Apply(flags, CommunityRole.Member, Community, User, Both, overrides);

    [Fact]
    public void Base_CombinesEveryoneAndRoles_AdminsHoldEverything_ModeratorsTheirPreset()
    {
        Assert.Equal(CommunityPermissions.ViewChannels | CommunityPermissions.KickMembers,
            PermissionResolver.Base(CommunityRole.Member, CommunityPermissions.ViewChannels, [CommunityPermissions.KickMembers]));
        Assert.Equal(CommunityPermissions.All, PermissionResolver.Base(CommunityRole.Admin, CommunityPermissions.None, []));
        Assert.Equal(CommunityPermissions.ModeratorPreset, PermissionResolver.Base(CommunityRole.Moderator, CommunityPermissions.None, []));
    }

    [Fact]
    public void AllowBeatsDeny_BetweenRolesAtTheSameLevel()
    {
        var flags = Apply(CommunityPermissions.None, Role(RoleA, CommunityPermissions.SendMessages, 0), Role(RoleB, 0, CommunityPermissions.SendMessages));
        Assert.True(flags.HasAll(CommunityPermissions.SendMessages));
        var inverted = Apply(CommunityPermissions.SendMessages, Role(RoleA, 0, CommunityPermissions.SendMessages), Role(RoleB, CommunityPermissions.SendMessages, 0));
        Assert.True(inverted.HasAll(CommunityPermissions.SendMessages));
        var denied = Apply(CommunityPermissions.SendMessages, Role(RoleA, 0, CommunityPermissions.SendMessages));
        Assert.False(denied.HasAll(CommunityPermissions.SendMessages));
    }

    [Fact]
    public void RoleOverride_BeatsEveryone_AndMemberOverride_BeatsRoles()
    {
        var roleWins = Apply(CommunityPermissions.EveryoneDefault, Everyone(0, CommunityPermissions.SendMessages), Role(RoleA, CommunityPermissions.SendMessages, 0));
        Assert.True(roleWins.HasAll(CommunityPermissions.SendMessages));

        var memberWins = Apply(CommunityPermissions.EveryoneDefault, Role(RoleA, 0, CommunityPermissions.ViewChannels), Member(CommunityPermissions.ViewChannels, 0));
        Assert.True(memberWins.HasAll(CommunityPermissions.ViewChannels));

        var memberDenies = Apply(CommunityPermissions.EveryoneDefault, Role(RoleA, CommunityPermissions.PinMessages, 0), Member(0, CommunityPermissions.PinMessages));
        Assert.False(memberDenies.HasAll(CommunityPermissions.PinMessages));
    }

    [Fact]
    public void ChannelOverride_BeatsGroupOverride()
    {
        var group = Apply(CommunityPermissions.EveryoneDefault, Everyone(0, CommunityPermissions.ViewChannels));
        Assert.False(group.HasAll(CommunityPermissions.ViewChannels));
        var channel = Apply(group, Everyone(CommunityPermissions.ViewChannels, 0));
        Assert.True(channel.HasAll(CommunityPermissions.ViewChannels));

        var groupAllows = Apply(CommunityPermissions.EveryoneDefault, Role(RoleA, CommunityPermissions.PinMessages, 0));
        Assert.False(Apply(groupAllows, Role(RoleB, 0, CommunityPermissions.PinMessages)).HasAll(CommunityPermissions.PinMessages));
    }

    [Fact]
    public void OverridesOfOtherMembersAndRoles_ChangeNothing()
    {
        var flags = Apply(CommunityPermissions.EveryoneDefault,
            new OverrideFlags(OverrideTargetKind.Member, Guid.NewGuid(), 0, CommunityPermissions.All),
            Role(Guid.NewGuid(), 0, CommunityPermissions.All));
        Assert.Equal(CommunityPermissions.EveryoneDefault, flags);
    }

    [Fact]
    public void Admins_SkipOverrides_ModeratorsKeepTheirPreset()
    {
        var deny = Everyone(0, CommunityPermissions.All);
        Assert.Equal(CommunityPermissions.All, PermissionResolver.Apply(CommunityPermissions.All, CommunityRole.Admin, Community, User, Both, [deny]));
        var moderator = PermissionResolver.Apply(CommunityPermissions.All, CommunityRole.Moderator, Community, User, Both, [deny]);
        Assert.Equal(CommunityPermissions.ModeratorPreset, moderator);
        Assert.False(moderator.HasAll(CommunityPermissions.ViewChannels));
    }

    [Fact]
    public void Flags_TravelAsAnArrayOfNames_AndUnknownNamesAreRefused()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(CommunityPermissions.ViewChannels | CommunityPermissions.Speak, Protocol.Serialization.ChatalotJson.Options);
        Assert.Equal("""["view_channels","speak"]""", json);
        Assert.Equal(CommunityPermissions.KickMembers, System.Text.Json.JsonSerializer.Deserialize<CommunityPermissions>("""["kick_members"]""", Protocol.Serialization.ChatalotJson.Options));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<CommunityPermissions>("""["fly"]""", Protocol.Serialization.ChatalotJson.Options));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<CommunityPermissions>("7", Protocol.Serialization.ChatalotJson.Options));
    }
}
