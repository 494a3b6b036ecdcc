namespace Chatalot.Client.Bots;

/// <summary>
/// How a hosted bot retries its first connection when the server cannot be reached (it is restarting, or started
/// after the bot): exponential back-off from <see cref="InitialDelay"/>, doubling up to <see cref="MaxDelay"/>, for at
/// most <see cref="MaxRetries"/> retries. Refusals that a retry cannot fix (a wrong password or token, a suspended
/// account, invalid settings) end the start at once. When the retries run out the host stops with exit code 69.
/// </summary>
public sealed record BotStartupRetry
{
    /// <summary>Retries after the first failed attempt; 0 gives up at once. Default 5 (about 30 s with the default delays).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Delay before the first retry. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of a delay. Default 15 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The delay before retry number <paramref name="retry"/> (from 1): <see cref="InitialDelay"/> × 2^(retry − 1), at most <see cref="MaxDelay"/>.</summary>
    /// <param name="retry">The retry number, starting at 1.</param>
    /// <returns>The delay.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retry"/> is below 1.</exception>
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var ms = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(InitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(MaxDelay));
    }
}
