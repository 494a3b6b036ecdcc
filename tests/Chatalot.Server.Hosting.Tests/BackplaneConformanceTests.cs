using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;

namespace Chatalot.Server.Hosting.Tests;

/// <summary>
/// What every <see cref="IChatalotBackplane"/> must do, run against each implementation (the in-process one here; a
/// Redis one adds a subclass), as SignalR does for its scale-out backends.
/// </summary>
public abstract class BackplaneConformanceTests
{
    protected abstract IChatalotBackplane CreateBackplane();

    private static ChatalotBackplaneMessage Message(int n) => new()
    {
        Kind = ChatalotBackplaneMessageKind.UserEvent,
        UserIds = [Guid.Empty],
        Frames = [new byte[] { (byte)n }],
        PublishedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Publish_ReachesEverySubscriber_InPublishOrder()
    {
        var backplane = CreateBackplane();
        var a = new List<int>();
        var b = new List<int>();
        using var subA = backplane.Subscribe(m => { lock (a) { a.Add(m.Frames[0].Span[0]); } return ValueTask.CompletedTask; });
        using var subB = backplane.Subscribe(m => { lock (b) { b.Add(m.Frames[0].Span[0]); } return ValueTask.CompletedTask; });
        for (var i = 0; i < 50; i++)
        {
            await backplane.PublishAsync(Message(i), CancellationToken.None);
        }

        await WaitUntilAsync(() => a.Count == 50 && b.Count == 50);
        Assert.Equal(Enumerable.Range(0, 50), a);
        Assert.Equal(Enumerable.Range(0, 50), b);
    }

    [Fact]
    public async Task Publish_KeepsTheSerialisedBytesIntact()
    {
        var backplane = CreateBackplane();
        ChatalotBackplaneMessage? received = null;
        using var sub = backplane.Subscribe(m => { received = m; return ValueTask.CompletedTask; });
        var frame = "{\"type\":\"message_deleted\"}"u8.ToArray();
        await backplane.PublishAsync(Message(0) with { Frames = [frame], ChannelIds = [Guid.NewGuid()], Code = "x" }, CancellationToken.None);
        await WaitUntilAsync(() => received is not null);
        Assert.Equal(frame, received!.Frames[0].ToArray());
        Assert.Equal("x", received.Code);
    }

    [Fact]
    public async Task DisposedSubscription_ReceivesNothingMore()
    {
        var backplane = CreateBackplane();
        var count = 0;
        var sub = backplane.Subscribe(_ => { Interlocked.Increment(ref count); return ValueTask.CompletedTask; });
        await backplane.PublishAsync(Message(1), CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref count) == 1);
        sub.Dispose();
        await backplane.PublishAsync(Message(2), CancellationToken.None);
        await Task.Delay(50);
        Assert.Equal(1, Volatile.Read(ref count));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

public sealed class InProcessBackplaneTests : BackplaneConformanceTests
{
    protected override IChatalotBackplane CreateBackplane() => new InProcessBackplane();
}
