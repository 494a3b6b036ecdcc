namespace Chatalot.Client;

/// <summary>Settings of one <see cref="EventHub.StreamAsync{TEvent}(EventStreamOptions?, CancellationToken)"/> subscription.</summary>
public sealed record EventStreamOptions
{
    /// <summary>The default settings.</summary>
    public static EventStreamOptions Default { get; } = new();

    /// <summary>How many events the stream buffers for a slow subscriber. Default 1024.</summary>
    public int Capacity { get; init; } = 1024;

    /// <summary>What happens when the buffer is full. Default <see cref="EventStreamFullMode.Wait"/>.</summary>
    public EventStreamFullMode FullMode { get; init; } = EventStreamFullMode.Wait;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Capacity"/> is not positive.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
}
