using Chatalot.Client.Conversations.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Client.Tests.Conversations;

/// <summary>
/// A new channel's catch-up must not read its history before the server has registered the subscription: a message
/// posted in between would reach neither the live path nor the catch-up.
/// </summary>
public sealed class ConversationSyncTests
{
    private static readonly ChatalotClientOptions Options = new() { ServerUrl = new Uri("http://127.0.0.1:5080/") };
    private static readonly Channel General = new(Guid.NewGuid(), ChannelType.Text, Guid.NewGuid(), Guid.NewGuid(), "general", null, false, 0, false, DateTimeOffset.UnixEpoch);

    private static Task<DateTimeOffset?> NoJoinTime(Protocol.Channels.Channel channel, CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    [Fact]
    public async Task SubscribeAsync_ReturnsOnlyAfterTheSubscribedReply()
    {
        await using var state = await DeviceState.OpenAsync(Options, new UserId(Guid.NewGuid()), CancellationToken.None);
        using var rest = ChatalotRestClient.Create(Options);
        var frames = new List<ClientFrame>();
        using var sync = new ConversationSync(state, rest, (frame, _) =>
        {
            frames.Add(frame);
            return Task.FromResult(true);
        }, NoJoinTime, TimeProvider.System);

        // Everything up to the reply completes synchronously here, so a subscription that did not wait would already be done.
        var subscribing = sync.SubscribeAsync([General], CancellationToken.None);
        Assert.False(subscribing.IsCompleted);
        Assert.Equal([General.Id], Assert.IsType<SubscribeFrame>(Assert.Single(frames)).ChannelIds);

        sync.OnSubscribed();
        Assert.Equal(General.Id, Assert.Single(await subscribing.WaitAsync(TimeSpan.FromSeconds(5))).Id);
    }

    [Fact]
    public async Task SubscribeAsync_ConnectionDropsBeforeTheReply_Returns()
    {
        await using var state = await DeviceState.OpenAsync(Options, new UserId(Guid.NewGuid()), CancellationToken.None);
        using var rest = ChatalotRestClient.Create(Options);
        using var sync = new ConversationSync(state, rest, (_, _) => Task.FromResult(true), NoJoinTime, TimeProvider.System);

        var subscribing = sync.SubscribeAsync([General], CancellationToken.None);
        Assert.False(subscribing.IsCompleted);
        sync.OnDisconnected();
        Assert.Single(await subscribing.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task SubscribeAsync_NoGateway_ReturnsWithoutWaiting()
    {
        await using var state = await DeviceState.OpenAsync(Options, new UserId(Guid.NewGuid()), CancellationToken.None);
        using var rest = ChatalotRestClient.Create(Options);
        using var sync = new ConversationSync(state, rest, (_, _) => Task.FromResult(false), NoJoinTime, TimeProvider.System);

        Assert.Single(await sync.SubscribeAsync([General], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task SubscribeAsync_ChannelTheServerRefused_IsNotKept_SoALaterListingSubscribesItAgain()
    {
        await using var state = await DeviceState.OpenAsync(Options, new UserId(Guid.NewGuid()), CancellationToken.None);
        using var rest = ChatalotRestClient.Create(Options);
        var frames = new List<ClientFrame>();
        using var sync = new ConversationSync(state, rest, (frame, _) =>
        {
            frames.Add(frame);
            return Task.FromResult(true);
        }, NoJoinTime, TimeProvider.System);

        // Read access lost while the frame was in flight: the server answers `subscribed` without the channel and never
        // sends subscription_revoked for it, so only the reply tells the client it is not subscribed.
        var refused = sync.SubscribeAsync([General], CancellationToken.None);
        sync.OnSubscribed([]);
        Assert.Empty(await refused.WaitAsync(TimeSpan.FromSeconds(5)));

        var again = sync.SubscribeAsync([General], CancellationToken.None);
        Assert.Equal(2, frames.Count);
        Assert.Equal([General.Id], Assert.IsType<SubscribeFrame>(frames[1]).ChannelIds);
        sync.OnSubscribed([General.Id]);
        Assert.Equal(General.Id, Assert.Single(await again.WaitAsync(TimeSpan.FromSeconds(5))).Id);
    }
}
