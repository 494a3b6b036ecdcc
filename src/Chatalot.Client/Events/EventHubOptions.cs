namespace Chatalot.Client;

/// <summary>Settings of the <see cref="EventHub"/> that runs event handlers off the receive loop.</summary>
public sealed record EventHubOptions
{
    /// <summary>The default settings.</summary>
    public static EventHubOptions Default { get; } = new();

    /// <summary>
    /// A handler running longer than this is logged as slow (it still completes; it only delays later events of the same
    /// channel, never the connection). Default 5 s; <see cref="Timeout.InfiniteTimeSpan"/> turns the warning off.
    /// </summary>
    public TimeSpan SlowHandlerThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When the number of events waiting for handlers across all channels exceeds this, a warning is logged once per
    /// crossing, so that a handler that never finishes is noticed. Default 10 000.
    /// </summary>
    public int BacklogWarningThreshold { get; init; } = 10_000;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (SlowHandlerThreshold != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SlowHandlerThreshold, TimeSpan.Zero, nameof(SlowHandlerThreshold));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BacklogWarningThreshold, 1, nameof(BacklogWarningThreshold));
    }
}
