using System.Collections.Concurrent;
using Chatalot.Server.Hosting.Gateway;

namespace Chatalot.Server.Hosting.Testing;

/// <summary>
/// What every <see cref="IChatalotBackplane"/> must do, as a reusable xunit suite: derive from it, implement
/// <see cref="CreateNodesAsync"/>, and every test here runs against your backplane. The built-in in-process and Redis
/// backplanes pass it. A "node" is one backplane instance, standing for one server process.
/// </summary>
/// <remarks>
/// The properties checked are the ones the gateway relies on: a message reaches every subscriber on every node
/// (including the publishing one) exactly once, in the order each node published, with every field intact; and when a
/// node may have missed messages it raises <see cref="ChatalotBackplaneMessageKind.Resync"/> before it is trusted again.
/// Nothing is ordered across publishers.
/// </remarks>
public abstract class BackplaneSpecification : IAsyncLifetime
{
    private readonly List<IChatalotBackplane> _nodes = [];

    /// <summary>How long a test waits for a condition before it fails. Default: 10 seconds.</summary>
    protected virtual TimeSpan Patience => TimeSpan.FromSeconds(10);

    /// <summary>Whether <see cref="InterruptAsync"/> is implemented; the interruption tests pass trivially when not.</summary>
    protected virtual bool CanInterrupt => false;

    /// <summary>
    /// Starts <paramref name="count"/> nodes on one shared transport, isolated from any other test, each ready: a message
    /// published on any of them after this returns must reach every node.
    /// </summary>
    /// <param name="count">How many nodes (1 to 3).</param>
    /// <returns>The nodes; disposable ones are disposed after the test.</returns>
    protected abstract Task<IReadOnlyList<IChatalotBackplane>> CreateNodesAsync(int count);

    /// <summary>
    /// Cuts <paramref name="node"/> off the transport (as a network failure would) and lets it reconnect on its own.
    /// Only called when <see cref="CanInterrupt"/> is true.
    /// </summary>
    /// <param name="node">One of the nodes from <see cref="CreateNodesAsync"/>.</param>
    /// <returns>A task that completes once the node was cut off.</returns>
    protected virtual Task InterruptAsync(IChatalotBackplane node) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            switch (node)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Every subscriber on every node hears a message once, in each publisher's order.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Publish_ReachesEverySubscriberOnEveryNode_OnceAndInOrder()
    {
        var nodes = await NodesAsync(3).ConfigureAwait(false);
        var heard = nodes.SelectMany(n => new[] { Listen(n), Listen(n) }).ToList();
        for (var i = 0; i < 100; i++)
        {
            await nodes[0].PublishAsync(Numbered(i), CancellationToken.None).ConfigureAwait(false);
        }

        await WaitUntilAsync(() => heard.All(h => h.Count >= 100)).ConfigureAwait(false);
        await SettleAsync(nodes).ConfigureAwait(false);
        foreach (var listener in heard)
        {
            Assert.Equal(Enumerable.Range(0, 100), listener.Numbers());
        }
    }

    /// <summary>Concurrent publishers on different nodes each keep their own order everywhere.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ConcurrentPublishers_KeepTheirOwnOrder_OnEveryNode()
    {
        var nodes = await NodesAsync(3).ConfigureAwait(false);
        var heard = nodes.Select(Listen).ToList();
        const int PerNode = 200;
        await Task.WhenAll(nodes.Select((node, n) => Task.Run(async () =>
        {
            for (var i = 0; i < PerNode; i++)
            {
                await node.PublishAsync(Numbered((n * 10_000) + i), CancellationToken.None).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);

        await WaitUntilAsync(() => heard.All(h => h.Count >= PerNode * nodes.Count)).ConfigureAwait(false);
        await SettleAsync(nodes).ConfigureAwait(false);
        foreach (var listener in heard)
        {
            var numbers = listener.Numbers();
            Assert.Equal(PerNode * nodes.Count, numbers.Count);
            for (var n = 0; n < nodes.Count; n++)
            {
                Assert.Equal(Enumerable.Range(n * 10_000, PerNode), numbers.Where(x => x / 10_000 == n));
            }
        }
    }

    /// <summary>Every field of a message arrives as published, on the publishing node and on the others.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Publish_KeepsEveryFieldIntact()
    {
        var nodes = await NodesAsync(2).ConfigureAwait(false);
        var heard = nodes.Select(Listen).ToList();
        var large = new byte[1 << 20];
        Random.Shared.NextBytes(large);
        var sent = new ChatalotBackplaneMessage
        {
            Kind = ChatalotBackplaneMessageKind.RevokeChannels,
            ChannelId = Guid.NewGuid(),
            UserIds = [Guid.NewGuid(), Guid.NewGuid()],
            DeviceId = 7,
            SessionId = Guid.NewGuid(),
            ChannelIds = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()],
            Code = "résumé_✓",
            Frames = ["{\"type\":\"subscription_revoked\"}"u8.ToArray(), Array.Empty<byte>(), large],
            PublishedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_123),
        };

        await nodes[1].PublishAsync(sent, CancellationToken.None).ConfigureAwait(false);
        await WaitUntilAsync(() => heard.All(h => h.Count >= 1)).ConfigureAwait(false);
        foreach (var listener in heard)
        {
            var received = listener.Messages.Single(m => m.Kind == sent.Kind);
            Assert.Equal(sent.Kind, received.Kind);
            Assert.Equal(sent.ChannelId, received.ChannelId);
            Assert.Equal(sent.UserIds, received.UserIds);
            Assert.Equal(sent.DeviceId, received.DeviceId);
            Assert.Equal(sent.SessionId, received.SessionId);
            Assert.Equal(sent.ChannelIds, received.ChannelIds);
            Assert.Equal(sent.Code, received.Code);
            Assert.Equal(sent.PublishedAt, received.PublishedAt);
            Assert.Equal(sent.Frames.Count, received.Frames.Count);
            for (var i = 0; i < sent.Frames.Count; i++)
            {
                Assert.True(sent.Frames[i].Span.SequenceEqual(received.Frames[i].Span), $"Frame {i} differs.");
            }
        }
    }

    /// <summary>Optional fields left out stay out.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Publish_LeavesUnsetFieldsUnset()
    {
        var nodes = await NodesAsync(2).ConfigureAwait(false);
        var heard = Listen(nodes[1]);
        await nodes[0].PublishAsync(new ChatalotBackplaneMessage { Kind = ChatalotBackplaneMessageKind.UserEvent }, CancellationToken.None).ConfigureAwait(false);
        await WaitUntilAsync(() => heard.Count >= 1).ConfigureAwait(false);
        var received = heard.Messages.Single(m => m.Kind == ChatalotBackplaneMessageKind.UserEvent);
        Assert.Null(received.ChannelId);
        Assert.Null(received.DeviceId);
        Assert.Null(received.SessionId);
        Assert.Null(received.Code);
        Assert.Empty(received.UserIds);
        Assert.Empty(received.ChannelIds);
        Assert.Empty(received.Frames);
    }

    /// <summary>A disposed subscription hears nothing more, while the node's other subscriptions still do.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DisposedSubscription_HearsNothingMore()
    {
        var nodes = await NodesAsync(2).ConfigureAwait(false);
        var stays = Listen(nodes[1]);
        var leaves = new Listener();
        var registration = nodes[1].Subscribe(leaves.OnMessage);
        await nodes[0].PublishAsync(Numbered(1), CancellationToken.None).ConfigureAwait(false);
        await WaitUntilAsync(() => leaves.Count == 1 && stays.Count == 1).ConfigureAwait(false);

        registration.Dispose();
        await nodes[0].PublishAsync(Numbered(2), CancellationToken.None).ConfigureAwait(false);

        // The positive event: the remaining subscriber heard the second message, so the first would have too.
        await WaitUntilAsync(() => stays.Count == 2).ConfigureAwait(false);
        Assert.Equal([1], leaves.Numbers());
    }

    /// <summary>
    /// A node cut off from the transport raises <see cref="ChatalotBackplaneMessageKind.Resync"/> once it hears the
    /// cluster again (what it missed cannot be replayed), and then hears new messages.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InterruptedNode_RaisesResync_ThenHearsTheClusterAgain()
    {
        if (!CanInterrupt)
        {
            return;
        }

        var nodes = await NodesAsync(2).ConfigureAwait(false);
        var heard = Listen(nodes[1]);
        await InterruptAsync(nodes[1]).ConfigureAwait(false);
        await WaitUntilAsync(() => heard.Messages.Any(m => m.Kind == ChatalotBackplaneMessageKind.Resync)).ConfigureAwait(false);

        // Once resynced, new messages arrive again (published until one is heard: the node may still be reconnecting).
        var number = 1000;
        await WaitUntilAsync(async () =>
        {
            await nodes[0].PublishAsync(Numbered(number++), CancellationToken.None).ConfigureAwait(false);
            return heard.Numbers().Count > 0;
        }).ConfigureAwait(false);
        Assert.Contains(heard.Messages, m => m.Kind == ChatalotBackplaneMessageKind.Resync);
    }

    /// <summary>Starts nodes and keeps them for disposal.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The nodes.</returns>
    protected async Task<IReadOnlyList<IChatalotBackplane>> NodesAsync(int count)
    {
        var nodes = await CreateNodesAsync(count).ConfigureAwait(false);
        Assert.Equal(count, nodes.Count);
        _nodes.AddRange(nodes);
        return nodes;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <see cref="Patience"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>A task.</returns>
    protected Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <see cref="Patience"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>A task.</returns>
    protected async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition().ConfigureAwait(false))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {Patience}.");
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private static ChatalotBackplaneMessage Numbered(int n) => new()
    {
        Kind = ChatalotBackplaneMessageKind.UserEvent,
        UserIds = [Guid.Empty],
        Frames = [BitConverter.GetBytes(n)],
        PublishedAt = DateTimeOffset.UnixEpoch,
    };

    private static int Number(ChatalotBackplaneMessage message) => BitConverter.ToInt32(message.Frames[0].Span);

    private static Listener Listen(IChatalotBackplane node)
    {
        var listener = new Listener();
        node.Subscribe(listener.OnMessage);
        return listener;
    }

    // A marker published after the measured messages on every node and awaited everywhere: whatever was going to arrive
    // (a duplicate, say) has arrived once the markers have.
    private async Task SettleAsync(IReadOnlyList<IChatalotBackplane> nodes)
    {
        var markers = nodes.Select(Listen).ToList();
        foreach (var node in nodes)
        {
            await node.PublishAsync(new ChatalotBackplaneMessage { Kind = ChatalotBackplaneMessageKind.Disconnect, Code = "settle" }, CancellationToken.None).ConfigureAwait(false);
        }

        await WaitUntilAsync(() => markers.All(m => m.Messages.Count(x => x.Code == "settle") == nodes.Count)).ConfigureAwait(false);
    }

    private sealed class Listener
    {
        private readonly ConcurrentQueue<ChatalotBackplaneMessage> _messages = new();

        public IReadOnlyCollection<ChatalotBackplaneMessage> Messages => _messages;

        /// <summary>Messages heard, not counting resyncs and the suite's own settle markers.</summary>
        public int Count => _messages.Count(m => m.Kind != ChatalotBackplaneMessageKind.Resync && m.Code != "settle");

        public List<int> Numbers() => [.. _messages.Where(m => m.Kind == ChatalotBackplaneMessageKind.UserEvent && m.Frames.Count == 1 && m.Frames[0].Length == 4).Select(Number)];

        public ValueTask OnMessage(ChatalotBackplaneMessage message)
        {
            // Copy the frames: a backplane may hand out slices of a buffer it reuses after the handler returns.
            _messages.Enqueue(message with { Frames = [.. message.Frames.Select(f => (ReadOnlyMemory<byte>)f.ToArray())] });
            return ValueTask.CompletedTask;
        }
    }
}
