namespace Chatalot.Server.Hosting;

/// <summary>Gateway (WebSocket) settings, bound from <c>Chatalot:Gateway</c>. See <c>docs/protocol/gateway.md</c>.</summary>
public sealed record ChatalotGatewayOptions
{
    /// <summary>How often clients must send a heartbeat. Default 30 s; two missed intervals close the connection.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for <c>authenticate</c> or <c>resume</c>. Default 10 s.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dropped session stays resumable. Default 2 minutes.</summary>
    public TimeSpan ResumeWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Events kept per session for resume. Default 1000; overflowing makes the session non-resumable.</summary>
    public int ResumeBufferSize { get; init; } = 1_000;

    /// <summary>Frames queued per connection before it counts as a slow consumer. Default 512.</summary>
    public int OutboundQueueSize { get; init; } = 512;

    /// <summary>Frames a connection may send in a burst. Default 30.</summary>
    public int RateLimitBurst { get; init; } = 30;

    /// <summary>Frames per second a connection may sustain. Default 10.</summary>
    public int RateLimitPerSecond { get; init; } = 10;

    /// <summary>How long a typing indicator lasts. Default 10 s.</summary>
    public TimeSpan TypingDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Minimum time between two relayed typing events of one user in one channel. Default 3 s.</summary>
    public TimeSpan TypingDebounce { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero || AuthenticationTimeout <= TimeSpan.Zero || ResumeWindow < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Chatalot:Gateway intervals must be positive.");
        }

        if (ResumeBufferSize < 1 || OutboundQueueSize < 1 || RateLimitBurst < 1 || RateLimitPerSecond < 1)
        {
            throw new InvalidOperationException("Chatalot:Gateway sizes and rates must be positive.");
        }
    }
}
