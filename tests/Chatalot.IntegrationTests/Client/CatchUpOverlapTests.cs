using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Groups;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Catch-up re-reads an overlap before its cursor (docs/articles/client.md, catch-up): message ids are stamped before
/// commit, so with several server nodes a message with a lower id can commit after a higher one was seen. Each message
/// still surfaces once, also after the client restarts over its store. Real server and clients; the late commit is
/// staged by keeping the stored row out of its channel until the second catch-up.
/// </summary>
public sealed class CatchUpOverlapTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task RestartedClient_ReReadsTheOverlap_SurfacesEachMessageOnce()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var live = new List<SentMessage>();
        for (var i = 0; i < 3; i++)
        {
            live.Add(await alice.Client.SendAsync(space.General, $"live {i}", CancellationToken.None));
            await bob.ReceiveAsync(live[^1].MessageId);
        }

        // The catch-up after the restart reads all three again (they are within the overlap): none surfaces twice.
        var back = await _harness.RestartAsync(bob);
        var next = await alice.Client.SendAsync(space.General, "after the restart", CancellationToken.None);
        Assert.Equal("after the restart", (await back.ReceiveAsync(next.MessageId)).Text);
        Assert.Equal([next.MessageId], back.Seen.OfType<MessageReceived>().Where(m => m.ChannelId == space.General).Select(m => m.MessageId));
    }

    [Fact]
    public async Task MessageWithALowerIdCommittedAfterTheCursor_IsSurfacedByTheNextCatchUp_Once()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var hidden = await HiddenChannelAsync(alice, space);
        var warmUp = await alice.Client.SendAsync(space.General, "warm-up", CancellationToken.None);
        await bob.ReceiveAsync(warmUp.MessageId);
        await ClientHarness.StopAsync(bob);

        // X gets the lower id, Y the higher; X stays out of the channel (not committed, as far as readers can tell)
        // until bob has caught up to Y.
        var late = await alice.Client.SendAsync(space.General, "committed late", CancellationToken.None);
        var seen = await alice.Client.SendAsync(space.General, "seen first", CancellationToken.None);
        Assert.True(late.MessageId.Value.CompareTo(seen.MessageId.Value) < 0);
        await MoveAsync(late.MessageId.Value, hidden);

        var first = await _harness.RestartAsync(bob);
        Assert.Equal("seen first", (await first.ReceiveAsync(seen.MessageId)).Text);
        Assert.DoesNotContain(first.Seen.OfType<MessageReceived>(), m => m.MessageId == late.MessageId);

        await ClientHarness.StopAsync(first);
        await MoveAsync(late.MessageId.Value, space.General.Value);
        var second = await _harness.RestartAsync(first);
        Assert.Equal("committed late", (await second.ReceiveAsync(late.MessageId)).Text);

        var next = await alice.Client.SendAsync(space.General, "after both catch-ups", CancellationToken.None);
        await second.ReceiveAsync(next.MessageId);
        Assert.Equal([late.MessageId, next.MessageId], second.Seen.OfType<MessageReceived>().Where(m => m.ChannelId == space.General).Select(m => m.MessageId));
        Assert.Empty(second.UndecryptableFor(late.MessageId));
    }

    /// <summary>A channel of a private group only alice is in: a stored message moved there is out of bob's reach.</summary>
    private static async Task<Guid> HiddenChannelAsync(Party alice, Space space)
    {
        var group = await alice.Client.Rest.CreateGroupAsync(space.Community, new CreateGroupRequest("Hidden", Visibility: GroupVisibility.Private), CancellationToken.None);
        return Assert.Single(await alice.Client.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id;
    }

    private async Task MoveAsync(Guid message, Guid channel)
    {
        using var scope = _harness.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        Assert.Equal(1, await db.Messages.Where(m => m.Id == message).ExecuteUpdateAsync(s => s.SetProperty(m => m.ChannelId, channel)));
    }
}
