namespace Chatalot.Client;

/// <summary>The gateway connection changed state.</summary>
public sealed record ConnectionStateChanged : ChatalotEvent
{
    /// <summary>The state before the change.</summary>
    public required ConnectionState Previous { get; init; }

    /// <summary>The new state.</summary>
    public required ConnectionState Current { get; init; }

    /// <summary>A stable code explaining the change (for example a server close reason), when there is one.</summary>
    public string? Reason { get; init; }

    /// <summary>The failure that caused the change, when there is one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>For <see cref="ConnectionState.Reconnecting"/>: the number of the next attempt (1-based).</summary>
    public int Attempt { get; init; }

    /// <summary>For <see cref="ConnectionState.Reconnecting"/>: how long the client waits before that attempt.</summary>
    public TimeSpan? RetryIn { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "connection";
}
