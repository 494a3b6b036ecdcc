namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>Time and id source of the server: everything goes through <see cref="TimeProvider"/> so tests can fake it.</summary>
internal sealed class Clock(TimeProvider timeProvider)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The current UTC time, truncated to microseconds so it round-trips through every provider unchanged.</summary>
    public DateTimeOffset UtcNow
    {
        get
        {
            var now = TimeProvider.GetUtcNow();
            return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        }
    }

    /// <summary>A new UUIDv7 (RFC 9562 §5.7) stamped with the current time, so ids sort by creation.</summary>
    public Guid NewId() => Guid.CreateVersion7(TimeProvider.GetUtcNow());
}
