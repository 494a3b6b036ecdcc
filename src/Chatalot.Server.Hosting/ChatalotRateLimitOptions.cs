namespace Chatalot.Server.Hosting;

/// <summary>HTTP request rate limits per client address, bound from <c>Chatalot:RateLimits</c>.</summary>
public sealed record ChatalotRateLimitOptions
{
    /// <summary>Whether rate limiting is on. Default: on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Steady rate per client address on the REST routes other than <c>/auth/*</c>: the bucket of <see cref="Burst"/>
    /// tokens refills continuously at this rate. Default 20.
    /// </summary>
    public int RequestsPerSecond { get; init; } = 20;

    /// <summary>
    /// Requests a client address may fire at once on the REST routes other than <c>/auth/*</c>; any window of
    /// <c>t</c> seconds admits at most <c>Burst + RequestsPerSecond × t</c>. Default 50.
    /// </summary>
    public int Burst { get; init; } = 50;

    /// <summary>Requests per client address on <c>/auth/*</c> per fixed one-minute window (instead of the bucket). Default 30.</summary>
    public int AuthRequestsPerMinute { get; init; } = 30;

    /// <summary>Prekey bundle fetches per hour by one user for one target user. Default 30.</summary>
    public int BundleFetchesPerTargetPerHour { get; init; } = 30;

    /// <summary>Prekey bundle fetches per hour by one user in total. Default 600.</summary>
    public int BundleFetchesPerHour { get; init; } = 600;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (RequestsPerSecond < 1 || Burst < 1 || AuthRequestsPerMinute < 1 || BundleFetchesPerTargetPerHour < 1 || BundleFetchesPerHour < 1)
        {
            throw new InvalidOperationException("Chatalot:RateLimits values must be positive.");
        }
    }
}
