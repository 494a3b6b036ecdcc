namespace Chatalot.Client;

/// <summary>
/// How the client recovers channel messages whose sender key has not arrived (content.md §6.2): it holds them,
/// asks the sender's device for the key, and reports them as <see cref="MessageUndecryptable"/> only after a bounded
/// wait. A message reported that way still resolves (as <see cref="MessageReceived"/>) if the key comes later.
/// </summary>
public sealed record KeyRecoveryOptions
{
    /// <summary>How long a held message waits before the sender's device is asked for the key. Default 1.5 s.</summary>
    public TimeSpan RequestAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long before a held message is reported as undecryptable (and the key asked for once more). Default 10 s.</summary>
    public TimeSpan ReportAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a held message can still resolve if its key arrives. Default 24 h.</summary>
    public TimeSpan HoldFor { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Most messages held at once; past it the oldest is dropped. Default 10,000.</summary>
    public int MaxHeld { get; init; } = 10_000;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (RequestAfter <= TimeSpan.Zero || ReportAfter < RequestAfter || HoldFor < ReportAfter)
        {
            throw new ArgumentException("KeyRecovery needs 0 < RequestAfter <= ReportAfter <= HoldFor.");
        }

        if (MaxHeld < 1)
        {
            throw new ArgumentException("KeyRecovery.MaxHeld must be at least 1.");
        }
    }
}
