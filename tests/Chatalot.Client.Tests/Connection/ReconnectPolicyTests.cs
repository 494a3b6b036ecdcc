using Chatalot.Client.Connection.Internal;
using Chatalot.Client.Diagnostics;
using CsCheck;
using Chatalot.Client.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Connection;

public class ReconnectPolicyTests
{
    [Fact]
    public void GetDelay_WithoutJitter_DoublesUpToTheCap()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), JitterFraction = 0 };
        var delays = Enumerable.Range(1, 6).Select(a => policy.GetDelay(a, 0.5).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void GetDelay_AnyAttemptAndRandom_StaysWithinJitterBounds()
    {
        var policy = ReconnectPolicy.Default;
        Gen.Select(Gen.Int[1, 10_000], Gen.Double[0, 0.999999]).Sample((attempt, r) =>
        {
            var delay = policy.GetDelay(attempt, r);
            var baseMs = Math.Min(1000 * Math.Pow(2, Math.Min(attempt - 1, 64)), 60_000);
            return delay.TotalMilliseconds >= (baseMs * 0.75) - 0.001 && delay.TotalMilliseconds <= (baseMs * 1.25) + 0.001;
        });
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(1.0)]
    public void Validate_JitterOutOfRange_Throws(double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy { JitterFraction = jitter }.Validate());

    [Fact]
    public void Validate_MaxDelayBelowInitial_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) }.Validate());

    [Fact]
    public async Task ReconnectLoop_FailingAttempts_WaitsPolicyDelaysOnTheFakeClockAndPublishesStates()
    {
        var time = new ObservedTimeProvider();
        await using var hub = new EventHub();
        var states = new List<ConnectionStateChanged>();
        using var _ = hub.On<ConnectionStateChanged>((e, _) =>
        {
            lock (states)
            {
                states.Add(e);
            }

            return ValueTask.CompletedTask;
        });
        using var metrics = new ClientMetrics();
        var tracker = new ConnectionStateTracker(hub, time);
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30), JitterFraction = 0 };
        var loop = new ReconnectLoop(policy, time, tracker, metrics, () => 0.5);
        var attempts = 0;

        var run = loop.RunAsync(_ => ++attempts < 4 ? throw new IOException("refused") : Task.CompletedTask, _ => false, firstAttempt: 1, CancellationToken.None);

        // Attempt 1 waits 1 s, attempt 2 waits 2 s, attempt 3 waits 4 s, attempt 4 waits 8 s and succeeds.
        foreach (var (seconds, expectedAttempts) in new[] { (1, 1), (2, 2), (4, 3), (8, 4) })
        {
            time.WaitForTimers(expectedAttempts);
            time.Fake.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(expectedAttempts - 1, Volatile.Read(ref attempts));
            time.Fake.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref attempts) == expectedAttempts, TimeSpan.FromSeconds(5)));
        }

        await run.WaitAsync(TimeSpan.FromSeconds(5));
        await hub.WhenIdleAsync(CancellationToken.None);
        Assert.Equal([1, 2, 3, 4], states.Select(s => s.Attempt));
        Assert.All(states, s => Assert.Equal(ConnectionState.Reconnecting, s.Current));
        Assert.Equal([1, 2, 4, 8], states.Select(s => s.RetryIn!.Value.TotalSeconds));
        Assert.IsType<IOException>(states[1].Exception);
    }

    [Fact]
    public async Task ReconnectLoop_MaxAttemptsReached_ClosesWithStableCode()
    {
        var time = new FakeTimeProvider();
        await using var hub = new EventHub();
        using var metrics = new ClientMetrics();
        var tracker = new ConnectionStateTracker(hub, time);
        var loop = new ReconnectLoop(new ReconnectPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.Zero, JitterFraction = 0 }, time, tracker, metrics, () => 0);

        var error = await Assert.ThrowsAsync<ChatalotConnectionException>(() =>
            loop.RunAsync(_ => throw new IOException("down"), _ => false, firstAttempt: 1, CancellationToken.None));

        Assert.Equal(ClientErrorCodes.ReconnectExhausted, error.Code);
        Assert.Equal(ConnectionState.Closed, tracker.State);
    }

    [Fact]
    public async Task ReconnectLoop_FatalError_ClosesImmediatelyWithoutRetrying()
    {
        var time = new FakeTimeProvider();
        await using var hub = new EventHub();
        using var metrics = new ClientMetrics();
        var tracker = new ConnectionStateTracker(hub, time);
        var loop = new ReconnectLoop(ReconnectPolicy.Default, time, tracker, metrics, () => 0);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<ChatalotConnectionException>(() => loop.RunAsync(
            _ =>
            {
                attempts++;
                throw new ChatalotConnectionException("session_revoked", "revoked");
            },
            ex => ex is ChatalotConnectionException,
            firstAttempt: 0,
            CancellationToken.None));

        Assert.Equal("session_revoked", error.Code);
        Assert.Equal(1, attempts);
        Assert.Equal(ConnectionState.Closed, tracker.State);
    }
}
