using System.Collections.Concurrent;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Tests.Events;

public class EventHubTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Publish_SameChannel_DeliversInOrderOneAtATime()
    {
        await using var hub = new EventHub();
        var channel = new ChannelId(Guid.NewGuid());
        var seen = new ConcurrentQueue<string>();
        var running = 0;
        var overlapped = false;
        using var _ = hub.On<MessageReceived>(async (m, ct) =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                overlapped = true;
            }

            await Task.Delay(1, ct);
            seen.Enqueue(m.Text);
            Interlocked.Decrement(ref running);
        });

        for (var i = 0; i < 200; i++)
        {
            hub.Publish(FakeChatalotClient.Message(i.ToString(), channel));
        }

        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString()), seen);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task Publish_SlowHandler_ReturnsImmediatelyAndOtherChannelsProceed()
    {
        await using var hub = new EventHub();
        var slowChannel = new ChannelId(Guid.NewGuid());
        var release = new TaskCompletionSource();
        var fastHandled = new TaskCompletionSource();
        using var _ = hub.On<MessageReceived>(async (m, ct) =>
        {
            if (m.ChannelId == slowChannel)
            {
                await release.Task.WaitAsync(ct);
            }
            else
            {
                fastHandled.TrySetResult();
            }
        });

        // Publish is what the receive loop calls: it must not wait for the blocked handler.
        var publishTimer = System.Diagnostics.Stopwatch.StartNew();
        hub.Publish(FakeChatalotClient.Message("slow", slowChannel));
        hub.Publish(FakeChatalotClient.Message("slow again", slowChannel));
        hub.Publish(FakeChatalotClient.Message("fast"));
        Assert.True(publishTimer.Elapsed < TimeSpan.FromSeconds(1));

        await fastHandled.Task.WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => hub.Backlog == 2, Timeout), "the fast channel finished while the slow one waits");
        release.SetResult();
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, hub.Backlog);
    }

    [Fact]
    public async Task Publish_ThrowingHandler_IsLoggedAndOtherHandlersAndLaterEventsStillRun()
    {
        var logger = new ListLogger<EventHub>();
        await using var hub = new EventHub(logger: logger);
        var channel = new ChannelId(Guid.NewGuid());
        var handled = new ConcurrentQueue<string>();
        using var a = hub.On<MessageReceived>((m, _) => m.Text == "boom" ? throw new InvalidOperationException("handler bug") : ValueTask.CompletedTask);
        using var b = hub.On<MessageReceived>((m, _) =>
        {
            handled.Enqueue(m.Text);
            return ValueTask.CompletedTask;
        });

        hub.Publish(FakeChatalotClient.Message("boom", channel));
        hub.Publish(FakeChatalotClient.Message("after", channel));
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["boom", "after"], handled);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task Log_MessageEvent_NeverContainsMessageText()
    {
        var logger = new ListLogger<EventHub>();
        await using var hub = new EventHub(logger: logger);
        using var _ = hub.On<MessageReceived>((m, _) => throw new InvalidOperationException("failed"));
        hub.Publish(FakeChatalotClient.Message("top secret plaintext"));
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.NotEmpty(logger.Entries);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("top secret", StringComparison.Ordinal));
        Assert.DoesNotContain("top secret", FakeChatalotClient.Message("top secret plaintext").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_BaseEventType_ReceivesDerivedEvents()
    {
        await using var hub = new EventHub();
        var count = 0;
        using var _ = hub.On<ChatalotEvent>((_, _) =>
        {
            Interlocked.Increment(ref count);
            return ValueTask.CompletedTask;
        });
        hub.Publish(FakeChatalotClient.Message("x"));
        hub.Publish(new ConnectionStateChanged { Previous = ConnectionState.Disconnected, Current = ConnectionState.Connecting });
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task On_DisposedRegistration_StopsReceiving()
    {
        await using var hub = new EventHub();
        var count = 0;
        var registration = hub.On<MessageReceived>((_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        });
        hub.Publish(FakeChatalotClient.Message("1"));
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        registration.Dispose();
        Assert.False(hub.Publish(FakeChatalotClient.Message("2")));
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task StreamAsync_YieldsEventsPublishedAfterSubscribing_InChannelOrder()
    {
        await using var hub = new EventHub();
        var channel = new ChannelId(Guid.NewGuid());
        using var cts = new CancellationTokenSource(Timeout);
        var stream = hub.StreamAsync<MessageReceived>(cancellationToken: cts.Token);
        for (var i = 0; i < 50; i++)
        {
            hub.Publish(FakeChatalotClient.Message(i.ToString(), channel));
        }

        var received = new List<string>();
        await foreach (var message in stream)
        {
            received.Add(message.Text);
            if (received.Count == 50)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), received);
        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.False(hub.Publish(FakeChatalotClient.Message("after the loop ended")));
    }

    [Fact]
    public async Task StreamAsync_DropOldest_KeepsNewestAndNeverBlocksPublisher()
    {
        await using var hub = new EventHub();
        var channel = new ChannelId(Guid.NewGuid());
        using var cts = new CancellationTokenSource(Timeout);
        var stream = hub.StreamAsync<MessageReceived>(new EventStreamOptions { Capacity = 3, FullMode = EventStreamFullMode.DropOldest }, cts.Token);
        for (var i = 0; i < 10; i++)
        {
            hub.Publish(FakeChatalotClient.Message(i.ToString(), channel));
        }

        await hub.WhenIdleAsync(CancellationToken.None).WaitAsync(Timeout);
        var received = new List<string>();
        await foreach (var message in stream)
        {
            received.Add(message.Text);
            if (received.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["7", "8", "9"], received);
    }

    [Fact]
    public async Task DisposeAsync_CancelsRunningHandlerAndEndsStreams()
    {
        var hub = new EventHub();
        var cancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        using var _ = hub.On<MessageReceived>(async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
        });
        var stream = hub.StreamAsync<ConnectionStateChanged>();
        hub.Publish(FakeChatalotClient.Message("x"));
        await started.Task.WaitAsync(Timeout);

        await hub.DisposeAsync().AsTask().WaitAsync(Timeout);
        await cancelled.Task.WaitAsync(Timeout);
        await foreach (var item in stream)
        {
            Assert.Fail("stream should be complete");
        }
    }
}
