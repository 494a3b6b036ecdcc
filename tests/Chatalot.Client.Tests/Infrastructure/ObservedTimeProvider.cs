using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Client.Tests.Infrastructure;

/// <summary>A FakeTimeProvider that counts timers, so a test can wait until code is actually waiting before advancing time.</summary>
internal sealed class ObservedTimeProvider : TimeProvider
{
    private int _timers;

    public FakeTimeProvider Fake { get; } = new();

    public int TimersCreated => Volatile.Read(ref _timers);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    public void WaitForTimers(int count) =>
        Assert.True(SpinWait.SpinUntil(() => TimersCreated >= count, TimeSpan.FromSeconds(5)), $"expected {count} timers, saw {TimersCreated}");
}
