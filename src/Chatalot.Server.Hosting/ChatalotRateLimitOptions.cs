namespace Chatalot.Server.Hosting;

/// <summary>HTTP request rate limits per client address, bound from <c>Chatalot:RateLimits</c>.</summary>
public sealed record ChatalotRateLimitOptions
{
    /// <summary>Whether rate limiting is on. Default: on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Requests per second per client address on all routes. Default 20.</summary>
    public int RequestsPerSecond { get; init; } = 20;

    /// <summary>Burst size on all routes. Default 50.</summary>
    public int Burst { get; init; } = 50;

    /// <summary>Requests per minute per client address on <c>/auth/*</c>. Default 30.</summary>
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
