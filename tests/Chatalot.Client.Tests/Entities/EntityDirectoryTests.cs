using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Entities;

/// <summary>
/// The client's names cache: bounded, kept current by events, one read per miss however many ask, and never the reason
/// an event is lost.
/// </summary>
public class EntityDirectoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);
    private readonly FakeDirectorySource _source = new();

    private static CancellationToken Ct => CancellationToken.None;
    private readonly FakeTimeProvider _time = new(Now);

    private EntityDirectory Create(EntityDirectoryOptions? options = null) => new(_source, options, _time);

    private static MessageReceived Message(DirectoryChannel channel, DirectoryUser sender) => new()
    {
        MessageId = new MessageId(Guid.CreateVersion7()),
        ChannelId = channel.Id,
        Sender = new MessageSender(sender.Id, new DeviceId(1)),
        Text = "hi",
        Content = MessageContent.CreateText("hi"),
        SentAt = Now,
    };

    private static ProfileUpdated Profile(UserId user, string username, string displayName) => new()
    {
        Profile = new UserProfile(user.Value, username, displayName, null, null, null, null, PresenceStatus.Online),
    };

    [Fact]
    public async Task Enrich_MessageInACommunity_CarriesSenderChannelAndCommunityNames()
    {
        var (community, channel) = _source.AddCommunity("Lab", "general");
        var alice = _source.AddUser("alice", community.Id.Value);
        var directory = Create();

        var enriched = Assert.IsType<MessageReceived>(await directory.EnrichAsync(Message(channel, alice), Ct));

        Assert.Equal("alice", enriched.Sender.Username);
        Assert.Equal("ALICE", enriched.Sender.DisplayName);
        Assert.Equal("general", enriched.ChannelName);
        Assert.Equal(community.Id, enriched.CommunityId);
        Assert.Equal("Lab", enriched.CommunityName);
    }

    [Fact]
    public async Task ConcurrentMisses_ForOneUser_ShareOneRead()
    {
        var bob = _source.AddUser("bob");
        var directory = Create();
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var lookups = Enumerable.Range(0, 20).Select(_ => directory.GetUserAsync(bob.Id, Ct).AsTask()).ToList();
        _source.Gate.SetResult();
        var users = await Task.WhenAll(lookups);

        Assert.All(users, u => Assert.Equal("bob", u!.Username));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)));
        Assert.Equal("bob", (await directory.GetUserAsync(bob.Id, Ct))!.Username);
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)));
    }

    [Fact]
    public async Task MessageBurst_FromManyUnknownMembers_ReadsTheMemberListOnce_NotEachUser()
    {
        var (community, channel) = _source.AddCommunity("Big", "general");
        var senders = Enumerable.Range(0, 50).Select(i => _source.AddUser("user" + i, community.Id.Value)).ToList();
        var directory = Create();
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var enrichments = senders.Select(s => directory.EnrichAsync(Message(channel, s), Ct).AsTask()).ToList();
        _source.Gate.SetResult();
        var events = await Task.WhenAll(enrichments);

        Assert.Equal(senders.Select(s => s.Username), events.Cast<MessageReceived>().Select(e => e.Sender.Username));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.CommunityMembersAsync)));
        Assert.Equal(0, _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetChannelAsync)));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetCommunityAsync)));
    }

    [Fact]
    public async Task BeyondCapacity_TheLeastRecentlyUsedUserIsDropped()
    {
        var directory = Create(new EntityDirectoryOptions { MaxUsers = 2 });
        UserId a = new(Guid.NewGuid()), b = new(Guid.NewGuid()), c = new(Guid.NewGuid());
        directory.Prepare(Profile(a, "a", "A"));
        directory.Prepare(Profile(b, "b", "B"));
        Assert.NotNull(directory.PeekUser(a)); // a is now the most recently used

        directory.Prepare(Profile(c, "c", "C"));

        Assert.Equal(2, directory.CachedUserCount);
        Assert.Null(directory.PeekUser(b));
        Assert.Equal("a", directory.PeekUser(a)!.Username);
        Assert.Equal("c", (await directory.GetUserAsync(c, Ct))!.Username);
        Assert.Equal(0, _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)));
    }

    [Fact]
    public async Task Entries_ExpireAfterTheirLifetime_AndAreReadAgain()
    {
        var carol = _source.AddUser("carol");
        var directory = Create(new EntityDirectoryOptions { EntryLifetime = TimeSpan.FromMinutes(5) });
        await directory.GetUserAsync(carol.Id, Ct);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(directory.PeekUser(carol.Id));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(directory.PeekUser(carol.Id));

        Assert.Equal("carol", (await directory.GetUserAsync(carol.Id, Ct))!.Username);
        Assert.Equal(2, _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)));
    }

    [Fact]
    public async Task Renames_ByEvent_ShowInTheNextEvent_WithoutARead()
    {
        var (community, channel) = _source.AddCommunity("Lab", "general");
        var alice = _source.AddUser("alice", community.Id.Value);
        var directory = Create();
        await directory.EnrichAsync(Message(channel, alice), Ct);
        var reads = _source.Calls.Values.Sum();

        directory.Prepare(Profile(alice.Id, "alice", "Alice Liddell"));
        directory.Prepare(new ChannelUpdated { Channel = new Protocol.Channels.Channel(channel.Id.Value, Protocol.Channels.ChannelType.Text, community.Id.Value, channel.GroupId!.Value.Value, "lobby", null, false, 0, false, Now) });
        directory.Prepare(new CommunityUpdated { Community = new Protocol.Communities.Community(community.Id.Value, "Laboratory", null, Guid.NewGuid(), false, 1, Now) });
        var next = Assert.IsType<MessageReceived>(await directory.EnrichAsync(Message(channel, alice), Ct));

        Assert.Equal("Alice Liddell", next.Sender.DisplayName);
        Assert.Equal("lobby", next.ChannelName);
        Assert.Equal("Laboratory", next.CommunityName);
        Assert.Equal(reads, _source.Calls.Values.Sum());
    }

    [Fact]
    public async Task ARead_OvertakenByAnEvent_DoesNotPutTheOldNameBack()
    {
        var dave = _source.AddUser("dave");
        var directory = Create();
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = directory.GetUserAsync(dave.Id, Ct).AsTask();
        await WaitUntil(() => _source.CallsTo(nameof(FakeDirectorySource.GetUserAsync)) == 1);

        directory.Prepare(Profile(dave.Id, "dave", "Dave (new)"));
        _source.Gate.SetResult();

        Assert.Equal("Dave (new)", (await lookup)!.DisplayName);
        Assert.Equal("Dave (new)", directory.PeekUser(dave.Id)!.DisplayName);
    }

    [Fact]
    public async Task Deletions_CarryTheNameTheyHad_AndAreForgotten()
    {
        var (community, channel) = _source.AddCommunity("Lab", "general");
        var directory = Create();
        await directory.GetChannelAsync(channel.Id, Ct);
        await directory.GetCommunityAsync(community.Id, Ct);
        _source.Channels.Clear();
        _source.Communities.Clear();

        var channelDeleted = Assert.IsType<ChannelDeleted>(directory.Prepare(new ChannelDeleted { ChannelId = channel.Id, GroupId = channel.GroupId }));
        var communityDeleted = Assert.IsType<CommunityDeleted>(directory.Prepare(new CommunityDeleted { CommunityId = community.Id }));

        Assert.Equal("general", channelDeleted.ChannelName);
        Assert.Equal("Lab", channelDeleted.CommunityName);
        Assert.Equal("Lab", communityDeleted.CommunityName);
        Assert.Null(await directory.GetChannelAsync(channel.Id, Ct));
        Assert.Null(await directory.FindCommunityAsync("Lab", Ct));
    }

    [Fact]
    public async Task FindByName_IgnoresCase_AndReadsOnlyOnAMiss()
    {
        var (community, channel) = _source.AddCommunity("Lab", "general");
        var erin = _source.AddUser("erin");
        _source.AddUser("erinyes");
        var directory = Create();

        Assert.Equal(erin.Id, (await directory.FindUserAsync("@Erin", Ct))!.Id);
        Assert.Equal(erin.Id, (await directory.FindUserAsync("ERIN", Ct))!.Id);
        Assert.Equal(channel.Id, (await directory.FindChannelAsync(community.Id, "#General", Ct))!.Id);
        Assert.Equal(community.Id, (await directory.FindCommunityAsync("lab", Ct))!.Id);
        Assert.Null(await directory.FindChannelAsync(community.Id, "nope", Ct));

        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.SearchUsersAsync)));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetChannelsAsync)));
        Assert.Equal(1, _source.CallsTo(nameof(FakeDirectorySource.GetCommunitiesAsync)));
    }

    [Fact]
    public async Task AFailedRead_DeliversTheEventWithoutNames()
    {
        var (_, channel) = _source.AddCommunity("Lab", "general");
        var frank = _source.AddUser("frank");
        var directory = Create();
        _source.Failure = new HttpRequestException("down");
        var message = Message(channel, frank);

        Assert.Same(message, await directory.EnrichAsync(message, Ct));

        _source.Failure = null;
        var later = Assert.IsType<MessageReceived>(await directory.EnrichAsync(message, Ct));
        Assert.Equal("frank", later.Sender.Username);
    }

    [Fact]
    public async Task EventHub_WithTheDirectory_DeliversNamedEvents_InOrder()
    {
        var (community, channel) = _source.AddCommunity("Lab", "general");
        var gina = _source.AddUser("gina", community.Id.Value);
        var directory = Create();
        await using var hub = new EventHub(timeProvider: _time) { Prepare = directory.Prepare, Enricher = directory.EnrichAsync };
        var seen = new List<MessageReceived>();
        using var subscription = hub.On<MessageReceived>((e, _) => { seen.Add(e); return ValueTask.CompletedTask; });

        hub.Publish(Message(channel, gina));
        hub.Publish(new ChannelUpdated { Channel = new Protocol.Channels.Channel(channel.Id.Value, Protocol.Channels.ChannelType.Text, community.Id.Value, channel.GroupId!.Value.Value, "renamed", null, false, 0, false, Now) });
        hub.Publish(Message(channel, gina));
        await hub.WhenIdleAsync(Ct);

        Assert.Equal(new[] { "gina", "gina" }, seen.Select(e => e.Sender.Username));
        Assert.Equal("renamed", seen[1].ChannelName);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
