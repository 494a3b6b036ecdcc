using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Role, member and override changes made over REST by one member reach another member's live client as typed events
/// (issue 14: every action applies at once to live sessions), and a channel made visible again is subscribed by itself.
/// </summary>
public abstract class RoleEventTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string Password = "a long enough password";
    private ChatalotTestServer _server = null!;
    private readonly List<ChatalotClient> _clients = [];

    public async Task InitializeAsync() =>
        _server = await ChatalotTestServer.StartAsync(provider);

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private sealed record Party(ChatalotClient Client, UserId Id);

    private sealed record Pair(Party Owner, Party Member, CommunityId Community, GroupId Group);

    private async Task<Party> CreateAsync(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = name, Password = Password });
        _clients.Add(client);
        var session = await client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return new Party(client, new UserId(session.User.Id));
    }

    private async Task<Pair> SetUpPairAsync()
    {
        var owner = await CreateAsync("alice");
        var member = await CreateAsync("bob");
        var community = await owner.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("Live roles"), CancellationToken.None);
        var group = await owner.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var invite = await owner.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await member.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await member.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await Task.WhenAll(owner.Client.ConnectAsync(), member.Client.ConnectAsync());
        return new Pair(owner, member, new CommunityId(community.Id), new GroupId(group.Id));
    }

    /// <summary>Runs <paramref name="action"/> and waits for the first matching event that <paramref name="party"/> receives after it started.</summary>
    private static async Task<T> AfterAsync<T>(Party party, Func<T, bool> match, Func<Task> action)
        where T : ChatalotEvent
    {
        var seen = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = party.Client.Events.On<T>((e, _) =>
        {
            if (match(e))
            {
                seen.TrySetResult(e);
            }

            return ValueTask.CompletedTask;
        });
        await action();
        return await seen.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task TimeOut_ByTheOwner_ReachesTheMembersClient_AndItsRemovalToo()
    {
        var (owner, member, community, _) = await SetUpPairAsync();
        var until = DateTimeOffset.UtcNow.AddHours(1);

        var timedOut = await AfterAsync<MemberUpdated>(member, e => e.UserId == member.Id && e.TimedOutUntil is not null,
            () => owner.Client.Rest.TimeoutMemberAsync(community, member.Id, until, "cool down", CancellationToken.None));
        Assert.Equal(community, timedOut.CommunityId);
        Assert.Equal(member.Id.Value, timedOut.Member.UserId);
        Assert.InRange(timedOut.TimedOutUntil!.Value, until.AddSeconds(-1), until.AddSeconds(1));

        var lifted = await AfterAsync<MemberUpdated>(member, e => e.UserId == member.Id,
            () => owner.Client.Rest.RemoveTimeoutAsync(community, member.Id, CancellationToken.None));
        Assert.Null(lifted.TimedOutUntil);
    }

    [Fact]
    public async Task RoleCreatedAndGranted_ByTheOwner_ReachTheMembersClient_AsRolesUpdatedThenMemberUpdated()
    {
        var (owner, member, community, _) = await SetUpPairAsync();

        var rolesUpdated = await AfterAsync<RolesUpdated>(member, e => e.Roles.Any(r => r.Name == "moderators"),
            () => owner.Client.Rest.CreateRoleAsync(community, new CreateRoleRequest("moderators", "#ff8800", CommunityPermissions.TimeoutMembers), CancellationToken.None));
        var role = rolesUpdated.Roles.Single(r => r.Name == "moderators");
        Assert.Equal(community, rolesUpdated.CommunityId);
        Assert.True(rolesUpdated.Roles[0].IsDefault);
        Assert.Equal("#ff8800", role.Color);

        var granted = await AfterAsync<MemberUpdated>(member, e => e.UserId == member.Id && e.Member.RoleIds.Contains(role.Id),
            () => owner.Client.Rest.AddMemberRoleAsync(community, member.Id, role.Id, CancellationToken.None));
        Assert.Null(granted.TimedOutUntil);

        var edited = await AfterAsync<RolesUpdated>(member, e => e.Roles.Any(r => r.Id == role.Id && r.Permissions.HasAll(CommunityPermissions.PinMessages)),
            () => owner.Client.Rest.UpdateRoleAsync(community, role.Id, new UpdateRoleRequest(Permissions: CommunityPermissions.TimeoutMembers | CommunityPermissions.PinMessages), CancellationToken.None));
        Assert.Equal(community, edited.CommunityId);
    }

    [Fact]
    public async Task ChannelOverride_HidingAndShowingAChannel_ReachesTheMember_WhoseClientSubscribesItAgain()
    {
        var (owner, member, community, group) = await SetUpPairAsync();
        var channel = await AfterAsync<ChannelCreated>(member, e => e.Channel.Name == "back-room",
            () => owner.Client.Rest.CreateChannelAsync(group, new Protocol.Channels.CreateChannelRequest("back-room"), CancellationToken.None));
        var channelId = new ChannelId(channel.Channel.Id);

        var hidden = await AfterAsync<OverridesUpdated>(member, e => e.ChannelId == channelId && e.Overrides.Count == 1,
            () => owner.Client.Rest.SetChannelOverrideAsync(channelId, OverrideTargetKind.Role, community.Value, CommunityPermissions.None, CommunityPermissions.ViewChannels, CancellationToken.None));
        Assert.Equal(community, hidden.CommunityId);
        Assert.Equal(group, hidden.GroupId);
        Assert.Equal(CommunityPermissions.ViewChannels, Assert.Single(hidden.Overrides).Deny);
        await Assert.ThrowsAsync<ChatalotApiException>(() => member.Client.Rest.GetMyPermissionsAsync(channelId, CancellationToken.None));

        var shown = await AfterAsync<OverridesUpdated>(member, e => e.ChannelId == channelId && e.Overrides.Count == 0,
            () => owner.Client.Rest.DeleteChannelOverrideAsync(channelId, OverrideTargetKind.Role, community.Value, CancellationToken.None));
        Assert.Equal(group, shown.GroupId);
        Assert.True((await member.Client.Rest.GetMyPermissionsAsync(channelId, CancellationToken.None)).Permissions.HasAll(CommunityPermissions.ViewChannels));

        // No channel_created comes for a channel shown again: the client re-lists its channels on overrides_updated and
        // subscribes it, so what is sent there now reaches the member live.
        var received = await AfterAsync<MessageReceived>(member, e => e.ChannelId == channelId,
            async () => await owner.Client.SendAsync(channelId, "welcome back", CancellationToken.None));
        Assert.Equal("welcome back", received.Text);
    }

    [Fact]
    public async Task ChannelKeys_NeverReachAMemberAnOverrideHidesTheChannelFrom()
    {
        var (owner, member, community, group) = await SetUpPairAsync();
        var channel = await AfterAsync<ChannelCreated>(member, e => e.Channel.Name == "council",
            () => owner.Client.Rest.CreateChannelAsync(group, new Protocol.Channels.CreateChannelRequest("council"), CancellationToken.None));
        var channelId = new ChannelId(channel.Channel.Id);
        Assert.Equal("before", (await AfterAsync<MessageReceived>(member, e => e.ChannelId == channelId,
            async () => await owner.Client.SendAsync(channelId, "before", CancellationToken.None))).Text);

        // Hidden: the owner's client learns it (overrides_updated) and its next message goes to the channel's viewers only.
        await AfterAsync<OverridesUpdated>(owner, e => e.ChannelId == channelId && e.Overrides.Count == 1,
            () => owner.Client.Rest.SetChannelOverrideAsync(channelId, OverrideTargetKind.Role, community.Value, CommunityPermissions.None, CommunityPermissions.ViewChannels, CancellationToken.None));
        Assert.DoesNotContain((await owner.Client.Rest.GetChannelMembersAsync(channelId, cancellationToken: CancellationToken.None)).Members, m => m.UserId == member.Id.Value);
        var secret = await owner.Client.SendAsync(channelId, "while hidden", CancellationToken.None);

        // Shown again: the member's catch-up fetches the hidden-time message but holds no key for it, and the owner's
        // client refuses its key request (unauthorised: silently dropped, content.md §6.2); what is sent afterwards reads.
        var leaked = false;
        using var watchReceived = member.Client.Events.On<MessageReceived>((e, _) =>
        {
            leaked |= e.MessageId == secret.MessageId;
            return ValueTask.CompletedTask;
        });
        await AfterAsync<OverridesUpdated>(member, e => e.ChannelId == channelId && e.Overrides.Count == 0,
            () => owner.Client.Rest.DeleteChannelOverrideAsync(channelId, OverrideTargetKind.Role, community.Value, CancellationToken.None));
        Assert.Contains((await owner.Client.Rest.GetChannelMembersAsync(channelId, cancellationToken: CancellationToken.None)).Members, m => m.UserId == member.Id.Value);
        Assert.Equal("after", (await AfterAsync<MessageReceived>(member, e => e.ChannelId == channelId && e.Text == "after",
            async () => await owner.Client.SendAsync(channelId, "after", CancellationToken.None))).Text);
        Assert.False(leaked);
    }
}

/// <summary>Role events end to end on SQLite.</summary>
public sealed class RoleEventSqliteTests() : RoleEventTests(ChatalotDatabaseProvider.Sqlite);

/// <summary>Role events end to end on PostgreSQL.</summary>
public sealed class RoleEventPostgresTests() : RoleEventTests(ChatalotDatabaseProvider.PostgreSql);
