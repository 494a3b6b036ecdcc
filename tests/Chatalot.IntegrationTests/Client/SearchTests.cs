using Chatalot.Client;
using Chatalot.Client.Search;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// The client's search index over the real server: what one client sends, the other finds by words and filters
/// (names resolved through the server); edits and deletions follow; a client with search off indexes nothing.
/// </summary>
public sealed class SearchTests : IAsyncLifetime
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

    [Fact]
    public async Task Bob_FindsAlicesMessages_ByWordAndFilters_AndEditsAndDeletesFollow()
    {
        var (alice, aliceName, bob, general, generalName) = await SetUpPairAsync(bobSearch: new SearchIndexOptions());
        var lunch = await alice.SendAsync(general, "Lunch at the Café Müller?", CancellationToken.None);
        await alice.SendAsync(general, "see https://example.com/menu", CancellationToken.None);

        var hit = await FindAsync(bob, "cafe mull", 1);
        Assert.Equal(lunch.MessageId, hit.Hits[0].MessageId);
        Assert.Equal(general, hit.Hits[0].ChannelId);
        Assert.Equal("Lunch at the Café Müller?", hit.Hits[0].Snippet);

        // The sender's own client indexes what it sent too, as the server acknowledges it.
        await FindAsync(alice, "cafe mull", 1);

        // Names are resolved through the server: the sender's username and the channel's name.
        await FindAsync(bob, $"from:{aliceName} in:\"{generalName}\" has:link", 1);
        await FindAsync(bob, $"from:{aliceName}", 2);
        Assert.Equal(0, (await bob.Search.SearchAsync("from:nobody-by-that-name")).TotalCount);

        await alice.EditAsync(general, lunch.MessageId, "Dinner instead", CancellationToken.None);
        await FindAsync(bob, "dinner", 1);
        await FindAsync(bob, "lunch ", 0);
        await FindAsync(alice, "dinner", 1);
        await FindAsync(alice, "lunch ", 0);

        await alice.DeleteAsync(general, lunch.MessageId, CancellationToken.None);
        await FindAsync(bob, "dinner", 0);
        await FindAsync(alice, "dinner", 0);
    }

    [Fact]
    public async Task SearchDisabled_IndexesNothing()
    {
        var (alice, _, bob, general, _) = await SetUpPairAsync(bobSearch: new SearchIndexOptions { Enabled = false });
        var seen = new TaskCompletionSource();
        bob.Events.On<MessageReceived>((_, _) =>
        {
            seen.TrySetResult();
            return ValueTask.CompletedTask;
        });

        await alice.SendAsync(general, "unindexed words", CancellationToken.None);
        await seen.Task.WaitAsync(Timeout);
        Assert.Equal(0, bob.Search.Count);
    }

    /// <summary>Waits until <paramref name="query"/> finds <paramref name="count"/> messages on <paramref name="client"/> (delivery is asynchronous).</summary>
    private static async Task<SearchResults> FindAsync(ChatalotClient client, string query, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var results = await client.Search.SearchAsync(query);
            if (results.TotalCount == count)
            {
                return results;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{query}' found {results.TotalCount} messages, not {count}");
            await Task.Delay(50);
        }
    }

    private async Task<(ChatalotClient Alice, string AliceName, ChatalotClient Bob, ChannelId General, string GeneralName)> SetUpPairAsync(SearchIndexOptions bobSearch)
    {
        var aliceName = "alice" + Guid.NewGuid().ToString("N")[..8];
        var alice = await CreateAsync(aliceName, new SearchIndexOptions());
        var bob = await CreateAsync("bob" + Guid.NewGuid().ToString("N")[..8], bobSearch);
        var community = await alice.Rest.CreateCommunityAsync(new CreateCommunityRequest("Search"), CancellationToken.None);
        var group = await alice.Rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Lobby"), CancellationToken.None);
        var channel = Assert.Single(await alice.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None));
        var invite = await alice.Rest.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: CancellationToken.None);
        await bob.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await bob.Rest.JoinGroupAsync(new GroupId(group.Id), CancellationToken.None);
        await Task.WhenAll(alice.ConnectAsync(), bob.ConnectAsync());
        return (alice, aliceName, bob, new ChannelId(channel.Id), channel.Name!);
    }

    private async Task<ChatalotClient> CreateAsync(string name, SearchIndexOptions search)
    {
        var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = _server.BaseAddress, Username = name, Password = Password, Search = search });
        _clients.Add(client);
        await client.Rest.RegisterAsync(ChatalotApi.Registration(name, Password), CancellationToken.None);
        return client;
    }
}
