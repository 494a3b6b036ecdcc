namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>Time and id source of the server: everything goes through <see cref="TimeProvider"/> so tests can fake it.</summary>
internal sealed class Clock(TimeProvider timeProvider)
{
    private readonly MonotonicUuidV7 _ids = new(timeProvider);

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>
    /// The current UTC time, truncated to milliseconds (rest.md §Conventions): the precision every store keeps exactly
    /// (SQLite's binary timestamps hold 0.1 ms), so an answer's timestamp equals the stored one read back later.
    /// Order within a millisecond is the ids' (<see cref="NewId"/>).
    /// </summary>
    public DateTimeOffset UtcNow
    {
        get
        {
            var now = TimeProvider.GetUtcNow();
            return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        }
    }

    /// <summary>A new UUIDv7 (RFC 9562 §5.7), strictly greater than every earlier one of this server, so ids sort by creation.</summary>
    public Guid NewId() => _ids.Next();
}
