using System.Collections.Concurrent;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Typing, presence, edits and deletions reach the other client as typed events, over the real server.</summary>
public sealed class EventSurfaceTests : IAsyncLifetime
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

    private sealed record Pair(Party Alice, Party Bob, ChannelId General, GroupId Group);

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

    private async Task<Pair> SetUpPairAsync()
    {
        var alice = await CreateAsync(Name("alice"));
        var bob = await CreateAsync(Name("bob"));
        var community = await alice.Client.Rest.CreateCommunityAsync(new CreateCommunityRequest("Events"), CancellationToken.None);
        var group = await alice.Client.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await bob.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Client.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await Task.WhenAll(alice.Client.ConnectAsync(), bob.Client.ConnectAsync());
        return new Pair(alice, bob, general, new GroupId(group.Id));
    }

    private static async Task<T> ExpectAsync<T>(Party party, Func<T, bool> match)
        where T : ChatalotEvent
    {
        T? found = null;
        var deadline = DateTime.UtcNow + Timeout;
        while ((found = party.Seen.OfType<T>().FirstOrDefault(match)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{party.Name} saw no matching {typeof(T).Name}; saw: {string.Join(" | ", party.Seen.Select(e => e.ToString()))}");
            await Task.Delay(50);
        }

        return found;
    }

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Typing_InChannel_RaisesTypingStartedAtOtherMember()
    {
        var (alice, bob, general, _) = await SetUpPairAsync();

        // Typing is relayed to subscribers only: a message each way proves both subscriptions are in place.
        await alice.Client.SendAsync(general, "ping", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.Text == "ping");
        await bob.Client.SendAsync(general, "pong", CancellationToken.None);
        await ExpectAsync<MessageReceived>(alice, m => m.Text == "pong");

        await bob.Client.SendTypingAsync(general, CancellationToken.None);

        var typing = await ExpectAsync<TypingStarted>(alice, t => t.UserId == bob.Id);
        Assert.Equal(general, typing.ChannelId);
        Assert.True(typing.ExpiresAt > DateTimeOffset.UtcNow.AddSeconds(-5));
        Assert.Equal(general.ToString(), typing.OrderingKey);
    }

    [Fact]
    public async Task PresenceSet_RaisesPresenceChangedAtCommunityMate()
    {
        var (alice, bob, _, _) = await SetUpPairAsync();

        await bob.Client.SetPresenceAsync(PresenceStatus.Dnd, CancellationToken.None);

        var presence = await ExpectAsync<PresenceChanged>(alice, p => p.UserId == bob.Id && p.Status == PresenceStatus.Dnd);
        Assert.Equal(bob.Id, presence.UserId);
    }

    [Fact]
    public async Task Connect_WhileMatesAreOnline_RaisesPresenceChangedFromTheSnapshot_AndNewMatesGetLaterChanges()
    {
        var (alice, bob, _, _) = await SetUpPairAsync();
        await bob.Client.SetPresenceAsync(PresenceStatus.Idle, CancellationToken.None);
        await ExpectAsync<PresenceChanged>(alice, p => p.UserId == bob.Id && p.Status == PresenceStatus.Idle);

        // A third member connecting later learns Bob's status from the one presence_snapshot after ready.
        var carol = await CreateAsync(Name("carol"));
        var community = Assert.Single(await alice.Client.Rest.GetCommunitiesAsync(CancellationToken.None));
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await carol.Client.ConnectAsync();

        await ExpectAsync<PresenceChanged>(carol, p => p.UserId == bob.Id && p.Status == PresenceStatus.Idle);
        await ExpectAsync<PresenceChanged>(carol, p => p.UserId == alice.Id && p.Status == PresenceStatus.Online);

        // Alice's list of mates was computed (and cached) before Carol joined: the join must refresh it.
        await alice.Client.SetPresenceAsync(PresenceStatus.Dnd, CancellationToken.None);
        await ExpectAsync<PresenceChanged>(carol, p => p.UserId == alice.Id && p.Status == PresenceStatus.Dnd);
    }

    [Fact]
    public async Task JoiningWhileBothAreOnline_ExchangesPresence_WithoutAReconnect()
    {
        var (alice, _, _, _) = await SetUpPairAsync();
        var carol = await CreateAsync(Name("carol"));
        await carol.Client.ConnectAsync();

        var community = Assert.Single(await alice.Client.Rest.GetCommunitiesAsync(CancellationToken.None));
        var invite = await alice.Client.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);

        await ExpectAsync<PresenceChanged>(alice, p => p.UserId == carol.Id && p.Status == PresenceStatus.Online);
        await ExpectAsync<PresenceChanged>(carol, p => p.UserId == alice.Id && p.Status == PresenceStatus.Online);
    }

    [Fact]
    public async Task EditInChannel_IsDecryptedEndToEnd_AsMessageEdited()
    {
        var (alice, bob, general, _) = await SetUpPairAsync();
        var sent = await alice.Client.SendAsync(general, "first draft", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.Text == "first draft");

        await alice.Client.EditAsync(general, sent.MessageId, "second draft", CancellationToken.None);

        var edited = await ExpectAsync<MessageEdited>(bob, m => m.MessageId == sent.MessageId);
        Assert.Equal("second draft", edited.Text);
        Assert.Equal(general, edited.ChannelId);
        Assert.Equal(alice.Id, edited.Sender.UserId);
        Assert.Equal(alice.Client.CurrentDeviceId, edited.Sender.DeviceId);
        Assert.True(edited.EditedAt >= edited.SentAt);
        Assert.False(edited.IsDirect);
        Assert.DoesNotContain("second draft", edited.ToString(), StringComparison.Ordinal);

        // The server keeps only ciphertext: the stored edit is not the plaintext.
        var stored = await bob.Client.Rest.GetMessageAsync(general, sent.MessageId, CancellationToken.None);
        Assert.NotNull(stored.EditedAt);
        Assert.DoesNotContain(bob.Seen, e => e is MessageUndecryptable);
    }

    [Fact]
    public async Task EditInDirectChannel_IsDecryptedEndToEnd_AsMessageEdited()
    {
        var (alice, bob, _, _) = await SetUpPairAsync();
        var sent = await alice.Client.SendAsync(bob.Id, "dm draft", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.Text == "dm draft");

        await alice.Client.EditAsync(sent.ChannelId, sent.MessageId, "dm final", CancellationToken.None);

        var edited = await ExpectAsync<MessageEdited>(bob, m => m.MessageId == sent.MessageId);
        Assert.Equal("dm final", edited.Text);
        Assert.True(edited.IsDirect);
    }

    [Fact]
    public async Task TamperedEdit_SurfacesAsUndecryptableWithEditTime_NotAsText()
    {
        var (alice, bob, general, _) = await SetUpPairAsync();
        var sent = await alice.Client.SendAsync(general, "original", CancellationToken.None);
        await ExpectAsync<MessageReceived>(bob, m => m.Text == "original");

        // A malicious server (here: a raw REST edit) replaces the body with bytes no sender key produced.
        await alice.Client.Rest.EditMessageAsync(general, sent.MessageId, new Chatalot.Protocol.Messages.EditMessageRequest(new Chatalot.Protocol.Messages.MessageEnvelope(Ciphertext: new byte[64])) { FrankCommitment = new byte[32] }, CancellationToken.None);

        var undecryptable = await ExpectAsync<MessageUndecryptable>(bob, m => m.MessageId == sent.MessageId);
        Assert.NotNull(undecryptable.EditedAt);
        Assert.DoesNotContain(bob.Seen, e => e is MessageEdited);
    }

    [Fact]
    public async Task Delete_RaisesMessageDeletedAtOtherMember_AfterTheMessageItself()
    {
        var (alice, bob, general, _) = await SetUpPairAsync();
        var sent = await alice.Client.SendAsync(general, "short-lived", CancellationToken.None);

        await alice.Client.DeleteAsync(general, sent.MessageId, CancellationToken.None);

        var deleted = await ExpectAsync<MessageDeleted>(bob, m => m.MessageId == sent.MessageId);
        Assert.Equal(general, deleted.ChannelId);
        var order = bob.Seen.ToList();
        var received = order.FindIndex(e => e is MessageReceived m && m.MessageId == sent.MessageId);
        Assert.True(received < 0 || received < order.IndexOf(deleted), "the deletion overtook the message it deletes");
    }

    [Fact]
    public async Task ChannelCreatedAfterConnect_IsSubscribedAutomatically_AndItsMessagesDecrypt()
    {
        var (alice, bob, _, group) = await SetUpPairAsync();

        var created = await alice.Client.Rest.CreateChannelAsync(group, new Chatalot.Protocol.Channels.CreateChannelRequest("later"), CancellationToken.None);
        var later = new ChannelId(created.Id);

        // Bob never reconnects: only the channel_created event can have subscribed him. Sending again until he sees
        // one covers the moment between the event and his subscribe frame reaching the server.
        var deadline = DateTime.UtcNow + Timeout;
        var attempt = 0;
        while (!bob.Seen.OfType<MessageReceived>().Any(m => m.ChannelId == later))
        {
            Assert.True(DateTime.UtcNow < deadline, $"bob never received a message in the new channel; saw: {string.Join(" | ", bob.Seen.Select(e => e.ToString()))}");
            await alice.Client.SendAsync(later, $"in the new channel {attempt++}", CancellationToken.None);
            await Task.Delay(200);
        }

        var received = bob.Seen.OfType<MessageReceived>().First(m => m.ChannelId == later);
        Assert.StartsWith("in the new channel", received.Text, StringComparison.Ordinal);
        Assert.Equal(alice.Id, received.Sender.UserId);
    }

    [Fact]
    public async Task GroupCreatedAfterConnect_ItsGeneralChannelIsSubscribedAutomatically()
    {
        var (alice, bob, _, lobby) = await SetUpPairAsync();
        var community = new CommunityId((await alice.Client.Rest.GetGroupAsync(lobby, CancellationToken.None)).CommunityId);

        // A new public group comes with its own #general but no channel_created for it: the group_updated event must
        // subscribe both the creator and the members the server added.
        var created = await alice.Client.Rest.CreateGroupAsync(community, new CreateGroupRequest("Later"), CancellationToken.None);
        var general = new ChannelId(Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(created.Id), CancellationToken.None)).Id);

        var deadline = DateTime.UtcNow + Timeout;
        var attempt = 0;
        while (!alice.Seen.OfType<MessageReceived>().Any(m => m.ChannelId == general))
        {
            Assert.True(DateTime.UtcNow < deadline, $"alice never received a message in the new group; saw: {string.Join(" | ", alice.Seen.Select(e => e.ToString()))}");
            await bob.Client.SendAsync(general, $"in the new group {attempt++}", CancellationToken.None);
            await Task.Delay(200);
        }

        Assert.Equal(bob.Id, alice.Seen.OfType<MessageReceived>().First(m => m.ChannelId == general).Sender.UserId);
    }
}
