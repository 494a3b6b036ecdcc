using Chatalot.Client;
using Chatalot.Client.Commands;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Entities in events (issue 15): a bot sees who wrote, where, in which community, by name and without a call of its own;
/// a rename shows in the next event without a restart; users, channels and communities are found by name.
/// </summary>
public abstract class EntityNameTests(ChatalotDatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
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

    private sealed record Party(ChatalotClient Client, UserId Id, string Name);

    private sealed record Setup(Party Alice, Party Bob, CommunityId Community, GroupId Group, ChannelId General, string CommunityName);

    private async Task<Party> CreateAsync(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = name, Password = Password });
        _clients.Add(client);
        var session = await client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return new Party(client, new UserId(session.User.Id), name);
    }

    private async Task<Setup> SetUpAsync()
    {
        var alice = await CreateAsync("alice");
        var bob = await CreateAsync("bob");
        var communityName = "Names " + Guid.NewGuid().ToString("N")[..6];
        var community = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest(communityName), CancellationToken.None);
        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await bob.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync());
        return new Setup(alice, bob, new CommunityId(community.Id), new GroupId(group.Id), general, communityName);
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

    private static Task<MessageReceived> ReceiveAsync(Party receiver, Party sender, ChannelId channel, string text) =>
        AfterAsync<MessageReceived>(receiver, e => e.Text == text, async () => await sender.Client.SendAsync(channel, text));

    [Fact]
    public async Task AMessage_CarriesTheSendersNames_AndTheChannelAndCommunityNames()
    {
        var s = await SetUpAsync();

        var received = await ReceiveAsync(s.Bob, s.Alice, s.General, "hello names");

        Assert.Equal(s.Alice.Id, received.Sender.UserId);
        Assert.Equal(s.Alice.Name, received.Sender.Username);
        Assert.Equal(s.Alice.Name, received.Sender.DisplayName);
        Assert.Equal("general", received.ChannelName);
        Assert.Equal(s.Community, received.CommunityId);
        Assert.Equal(s.CommunityName, received.CommunityName);
    }

    [Fact]
    public async Task Renames_OfDisplayNameChannelAndCommunity_ShowInTheNextEvent_WithoutARestart()
    {
        var s = await SetUpAsync();
        await ReceiveAsync(s.Bob, s.Alice, s.General, "before");

        await AfterAsync<ProfileUpdated>(s.Bob, e => e.UserId == s.Alice.Id && e.Profile.DisplayName == "Alice Renamed",
            () => s.Alice.Client.Rest.UpdateProfileAsync(new UpdateProfileRequest(DisplayName: "Alice Renamed"), CancellationToken.None));
        var channelUpdated = await AfterAsync<ChannelUpdated>(s.Bob, e => e.Channel.Name == "lounge",
            () => s.Alice.Client.Rest.UpdateChannelAsync(s.General, new UpdateChannelRequest(Name: "lounge"), CancellationToken.None));
        await AfterAsync<CommunityUpdated>(s.Bob, e => e.Community.Name == "Renamed community",
            () => s.Alice.Client.Rest.UpdateCommunityAsync(s.Community, new UpdateCommunityRequest(Name: "Renamed community"), CancellationToken.None));
        var after = await ReceiveAsync(s.Bob, s.Alice, s.General, "after");

        Assert.Equal(s.CommunityName, channelUpdated.CommunityName);
        Assert.Equal("Lobby", channelUpdated.GroupName);
        Assert.Equal("Alice Renamed", after.Sender.DisplayName);
        Assert.Equal(s.Alice.Name, after.Sender.Username);
        Assert.Equal("lounge", after.ChannelName);
        Assert.Equal("Renamed community", after.CommunityName);
        Assert.Equal("lounge", (await s.Bob.Client.Directory.GetChannelAsync(s.General))!.Name);
    }

    [Fact]
    public async Task Lookups_ByName_FindTheUserTheChannelAndTheCommunity()
    {
        var s = await SetUpAsync();
        var directory = s.Bob.Client.Directory;

        var alice = await directory.FindUserAsync("@" + s.Alice.Name.ToUpperInvariant());
        var general = await directory.FindChannelAsync(s.Community, "#general");
        var byGroup = await directory.FindChannelAsync(s.Group, "general");
        var community = await directory.FindCommunityAsync(s.CommunityName);

        Assert.Equal(s.Alice.Id, alice!.Id);
        Assert.Equal(s.Alice.Name, (await directory.GetUserAsync(s.Alice.Id))!.Username);
        Assert.Equal(s.General, general!.Id);
        Assert.Equal(s.General, byGroup!.Id);
        Assert.Equal(ChannelType.Text, general.Kind);
        Assert.Equal(s.Group, general.GroupId);
        Assert.Equal(s.Community, community!.Id);
        Assert.Equal("Lobby", (await directory.GetGroupAsync(s.Group))!.Name);
        Assert.Null(await directory.FindUserAsync("nobody" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Null(await directory.FindChannelAsync(s.Community, "no-such-channel"));
    }

    [Fact]
    public async Task MemberEvents_CarryTheMembersAndCommunitysNames()
    {
        var s = await SetUpAsync();
        var carol = await CreateAsync("carol");
        var invite = await s.Alice.Client.Rest.CreateCommunityInviteAsync(s.Community, cancellationToken: CancellationToken.None);

        var joined = await AfterAsync<MemberJoined>(s.Bob, e => e.UserId == carol.Id && e.GroupId is null,
            () => carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None));

        Assert.Equal(carol.Name, joined.Username);
        Assert.Equal(s.CommunityName, joined.CommunityName);
    }

    [Fact]
    public async Task ACommandHandler_SeesTheNames_AndMentionsTheSenderByName()
    {
        var s = await SetUpAsync();
        var router = new CommandRouter().AddModule<WhoModule>();
        var services = new ServiceCollection().BuildServiceProvider();
        using var bot = s.Bob.Client.Events.On<MessageReceived>(async (message, ct) =>
        {
            if (message.Sender.UserId != s.Bob.Id)
            {
                await router.ExecuteAsync(new CommandContext(s.Bob.Client, message, services, ct));
            }
        });

        var reply = await AfterAsync<MessageReceived>(s.Alice, e => e.Sender.UserId == s.Bob.Id,
            async () => await s.Alice.Client.SendAsync(s.General, "!whoami"));

        Assert.Equal($"@{s.Alice.Name} {s.Alice.Name} in #general of {s.CommunityName}", reply.Text);
        Assert.Equal(new[] { s.Alice.Id.Value }, reply.Content.Mentions);
        Assert.True(reply.MentionsMe);
        Assert.Equal(s.Bob.Name, reply.Sender.Username);
    }

    /// <summary>A command that answers with what its context knows by name.</summary>
    public sealed class WhoModule : CommandModule
    {
        [Command("whoami")]
        public async Task WhoAmIAsync() =>
            await Context.ReplyWithMentionAsync($"{Context.SenderDisplayName} in #{Context.ChannelName} of {Context.CommunityName}");
    }
}

/// <summary>The entity-name tests on SQLite.</summary>
public sealed class EntityNameSqliteTests() : EntityNameTests(ChatalotDatabaseProvider.Sqlite);

/// <summary>The entity-name tests on PostgreSQL.</summary>
public sealed class EntityNamePostgresTests() : EntityNameTests(ChatalotDatabaseProvider.PostgreSql);
