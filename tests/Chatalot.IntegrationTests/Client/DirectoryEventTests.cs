using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Channels, groups and communities changed by one client reach the other as typed events, no reload (issue 12).</summary>
public sealed class DirectoryEventTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string Password = "a long enough password";
    private ChatalotTestServer _server = null!;
    private readonly List<ChatalotClient> _clients = [];

    public async Task InitializeAsync() =>
        _server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite);

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private sealed record Party(ChatalotClient Client, ConcurrentQueue<ChatalotEvent> Seen, UserId Id, string Name);

    private async Task<Party> CreateAsync(string name)
    {
        var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = name, Password = Password });
        _clients.Add(client);
        var seen = new ConcurrentQueue<ChatalotEvent>();
        client.Events.On<ChatalotEvent>((e, _) =>
        {
            seen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        var session = await client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return new Party(client, seen, new UserId(session.User.Id), name);
    }

    private async Task<(Party Alice, Party Bob, ChannelId General)> SetUpPairAsync()
    {
        var alice = await CreateAsync("alice" + Guid.NewGuid().ToString("N")[..8]);
        var bob = await CreateAsync("bob" + Guid.NewGuid().ToString("N")[..8]);
        var community = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("Threads"), CancellationToken.None);
        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await bob.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync());
        return (alice, bob, general);
    }

    private static async Task<T> ExpectAsync<T>(Party party, Func<T, bool> match)
        where T : ChatalotEvent
    {
        T? found;
        var deadline = DateTime.UtcNow + Timeout;
        while ((found = party.Seen.OfType<T>().FirstOrDefault(match)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{party.Name} saw no matching {typeof(T).Name}; saw: {string.Join(" | ", party.Seen.Select(e => e.GetType().Name))}");
            await Task.Delay(50);
        }

        return found;
    }

    [Fact]
    public async Task ChannelAndGroupChanges_ByTheOwner_ReachTheOtherClientAsDirectoryEvents()
    {
        var (alice, bob, general) = await SetUpPairAsync();
        var groupId = new GroupId((await alice.Client.Rest.GetChannelAsync(general, CancellationToken.None)).GroupId!.Value);

        var created = await alice.Client.Rest.CreateChannelAsync(groupId, new CreateChannelRequest("voice-room", ChannelType.Voice, "talk"), CancellationToken.None);
        var seenCreated = await ExpectAsync<ChannelCreated>(bob, e => e.Channel.Id == created.Id);
        Assert.Equal(ChannelType.Voice, seenCreated.Channel.Type);
        Assert.Equal("voice-room", seenCreated.Channel.Name);

        await alice.Client.Rest.UpdateChannelAsync(new ChannelId(created.Id), new UpdateChannelRequest(Name: "lounge", Topic: "new topic", Position: 5, SlowModeSeconds: 30), CancellationToken.None);
        var updated = await ExpectAsync<ChannelUpdated>(bob, e => e.Channel.Id == created.Id && e.Channel.Name == "lounge");
        Assert.Equal("new topic", updated.Channel.Topic);
        Assert.Equal(5, updated.Channel.Position);
        Assert.Equal(30, updated.Channel.SlowModeSeconds);

        await alice.Client.Rest.DeleteChannelAsync(new ChannelId(created.Id), CancellationToken.None);
        var deleted = await ExpectAsync<ChannelDeleted>(bob, e => e.ChannelId.Value == created.Id);
        Assert.Equal(groupId, deleted.GroupId);

        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(seenCreated.Channel.CommunityId!.Value), new CreateGroupRequest("Second"), CancellationToken.None);
        await ExpectAsync<GroupUpdated>(bob, e => e.Group.Id == group.Id && e.Group.Name == "Second");
        await alice.Client.Rest.DeleteGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await ExpectAsync<GroupDeleted>(bob, e => e.GroupId.Value == group.Id);

        var communityId = new CommunityId(seenCreated.Channel.CommunityId!.Value);
        await alice.Client.Rest.UpdateCommunityAsync(communityId, new UpdateCommunityRequest(Name: "Renamed"), CancellationToken.None);
        await ExpectAsync<CommunityUpdated>(bob, e => e.Community.Id == communityId.Value && e.Community.Name == "Renamed");
        await alice.Client.Rest.DeleteCommunityAsync(communityId, CancellationToken.None);
        await ExpectAsync<CommunityDeleted>(bob, e => e.CommunityId == communityId);
    }
}
