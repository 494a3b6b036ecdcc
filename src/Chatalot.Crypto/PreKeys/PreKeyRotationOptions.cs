namespace Chatalot.Crypto;

/// <summary>Schedule of <see cref="PreKeyRotation"/> (docs/protocol/crypto.md §4.3).</summary>
public sealed record PreKeyRotationOptions
{
    /// <summary>How long a signed prekey is handed out before a new one replaces it. Default 7 days.</summary>
    public TimeSpan SignedPreKeyLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a replaced signed prekey's private key is kept, so that sessions started from an older bundle still
    /// complete. Default 30 days. After that it is deleted, which restores forward secrecy for those sessions.
    /// </summary>
    public TimeSpan SignedPreKeyGracePeriod { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A duration is not positive.</exception>
    public void Validate()
    {
        if (SignedPreKeyLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SignedPreKeyLifetime), SignedPreKeyLifetime, "Must be positive.");
        }

        if (SignedPreKeyGracePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SignedPreKeyGracePeriod), SignedPreKeyGracePeriod, "Must be positive.");
        }
    }
}
