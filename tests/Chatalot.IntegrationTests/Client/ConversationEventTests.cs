using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Threads, pins and read states between two SDK clients over the real server (issue 12).</summary>
public sealed class ConversationEventTests : IAsyncLifetime
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
    public async Task PinAndUnpin_ByTheCommunityOwner_ReachTheOtherClientAsEvents()
    {
        var (alice, bob, general) = await SetUpPairAsync();
        var sent = await alice.Client.SendAsync(general, "pin me", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.MessageId == sent.MessageId);

        var pin = await alice.Client.Rest.PinMessageAsync(general, sent.MessageId, CancellationToken.None);
        var pinned = await ExpectAsync<MessagePinned>(bob, p => p.MessageId == sent.MessageId);
        Assert.Equal((general, alice.Id, pin.PinnedAt), (pinned.ChannelId, pinned.PinnedBy, pinned.PinnedAt));
        Assert.Equal(sent.MessageId.Value, Assert.Single(await bob.Client.Rest.GetPinsAsync(general, CancellationToken.None)).MessageId);
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => bob.Client.Rest.PinMessageAsync(general, sent.MessageId, CancellationToken.None));
        Assert.Equal("forbidden", refused.Code);

        await alice.Client.Rest.UnpinMessageAsync(general, sent.MessageId, CancellationToken.None);
        await ExpectAsync<MessageUnpinned>(bob, p => p.MessageId == sent.MessageId);
    }

    [Fact]
    public async Task ThreadReply_RaisesThreadUpdated_AndPagesThroughTheRestClient()
    {
        var (alice, bob, general) = await SetUpPairAsync();
        var root = await alice.Client.SendAsync(general, "root", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.MessageId == root.MessageId);

        // The SDK's thread composer is another part of issue 12; the transport field is set directly here.
        var reply = await bob.Client.Rest.PostMessageAsync(general, new SendMessageRequest("thread-1", bob.Client.CurrentDeviceId!.Value.Value,
            new MessageEnvelope(Ciphertext: new byte[64]), ThreadRootId: root.MessageId.Value) { FrankCommitment = new byte[32] }, CancellationToken.None);
        var updated = await ExpectAsync<ThreadUpdated>(alice, t => t.RootId == root.MessageId);
        Assert.Equal((general, 1, reply.CreatedAt), (updated.ChannelId, updated.ReplyCount, updated.LastReplyAt));

        var thread = await alice.Client.Rest.GetThreadMessagesAsync(general, root.MessageId, cancellationToken: CancellationToken.None);
        Assert.Equal(reply.Id, Assert.Single(thread.Messages).Id);
        var threads = await alice.Client.Rest.GetThreadsAsync(general, cancellationToken: CancellationToken.None);
        Assert.Equal(root.MessageId.Value, Assert.Single(threads.Threads).Root.Id);
    }

    [Fact]
    public async Task ReadState_IsSharedByTheUsersClients_AndMarkAllClearsUnread()
    {
        var (alice, bob, general) = await SetUpPairAsync();
        var first = await alice.Client.SendAsync(general, "one", CancellationToken.None);
        var second = await alice.Client.SendAsync(general, "two", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.MessageId == second.MessageId);

        // Bob's second device: another client logged in as Bob, here only to watch the gateway.
        var laptop = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = bob.Name, Password = Password });
        _clients.Add(laptop);
        var laptopSeen = new ConcurrentQueue<ChatalotEvent>();
        laptop.Events.On<ReadStateUpdated>((e, _) =>
        {
            laptopSeen.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        await laptop.ConnectAsync();

        var unread = Assert.Single(await bob.Client.Rest.GetReadStatesAsync(CancellationToken.None), r => r.ChannelId == general.Value);
        Assert.Equal((null, second.MessageId.Value), (unread.LastReadMessageId, unread.LastMessageId));
        await bob.Client.Rest.UpdateReadStateAsync(general, first.MessageId, CancellationToken.None);
        await ExpectAsync<ReadStateUpdated>(new Party(laptop, laptopSeen, bob.Id, "bob's laptop"), r => r.LastReadMessageId == first.MessageId);

        var all = await bob.Client.Rest.MarkAllReadAsync(cancellationToken: CancellationToken.None);
        Assert.Equal(second.MessageId.Value, Assert.Single(all, r => r.ChannelId == general.Value).LastReadMessageId);
        await ExpectAsync<ReadStateUpdated>(bob, r => r.LastReadMessageId == second.MessageId);
        Assert.DoesNotContain(alice.Seen, e => e is ReadStateUpdated);
    }
}
