namespace Chatalot.Client;

/// <summary>
/// How the client waits between reconnect attempts: exponential back-off from <see cref="InitialDelay"/>, multiplied by
/// <see cref="Multiplier"/> per attempt up to <see cref="MaxDelay"/>, each delay spread by ±<see cref="JitterFraction"/>
/// so that a server restart is not met by every client at the same instant.
/// </summary>
public sealed record ReconnectPolicy
{
    /// <summary>The default policy: 1 s, doubling, capped at 60 s, ±25 % jitter, retrying forever.</summary>
    public static ReconnectPolicy Default { get; } = new();

    /// <summary>Delay before the first reconnect attempt. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the delay before jitter. Default 60 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Growth factor per attempt. Default 2.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>Relative jitter in [0, 1): each delay is multiplied by a random factor in [1 − j, 1 + j]. Default 0.25.</summary>
    public double JitterFraction { get; init; } = 0.25;

    /// <summary>Attempts before giving up and closing the client; <see langword="null"/> retries forever (the default).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// A connection that stayed up at least this long resets the back-off to <see cref="InitialDelay"/>. Default 30 s,
    /// so that a server that accepts and immediately drops connections is not hammered.
    /// </summary>
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Computes the delay before reconnect attempt number <paramref name="attempt"/>.</summary>
    /// <param name="attempt">The attempt number, starting at 1.</param>
    /// <param name="random01">A uniformly random number in [0, 1) choosing the jitter.</param>
    /// <returns>The delay, never negative and never above <see cref="MaxDelay"/> × (1 + <see cref="JitterFraction"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan GetDelay(int attempt, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 64);
        var baseMs = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, exponent), MaxDelay.TotalMilliseconds);
        var factor = 1.0 + (JitterFraction * ((2.0 * Math.Clamp(random01, 0.0, 1.0)) - 1.0));
        return TimeSpan.FromMilliseconds(Math.Max(0, baseMs * factor));
    }

    /// <summary>Checks the policy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Multiplier, 1.0, nameof(Multiplier));
        if (JitterFraction is < 0 or >= 1 || double.IsNaN(JitterFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(JitterFraction), JitterFraction, "JitterFraction must be in [0, 1).");
        }

        if (MaxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1 or null.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ResetAfter, TimeSpan.Zero, nameof(ResetAfter));
    }
}
