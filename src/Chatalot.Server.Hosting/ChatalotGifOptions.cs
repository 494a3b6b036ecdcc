namespace Chatalot.Server.Hosting;

/// <summary>
/// The GIF search proxy, bound from <c>Chatalot:Gifs</c>. Clients search and fetch GIFs through the server, so the
/// provider never sees users' addresses; the provider sees the server's address, the search terms and its API key.
/// </summary>
public sealed record ChatalotGifOptions
{
    /// <summary>The provider. Default <see cref="ChatalotGifProvider.None"/> (the picker is hidden).</summary>
    public ChatalotGifProvider Provider { get; init; }

    /// <summary>The provider's API key (a secret: never logged).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The provider's API root; defaults to the provider's public address. Set it for a mirror or a test server.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>
    /// Hosts the media proxy fetches from, on top of the provider's own media hosts (<c>media.tenor.com</c>,
    /// <c>media*.giphy.com</c>, <c>i.giphy.com</c>). Anything else is refused, so the proxy cannot fetch arbitrary URLs.
    /// </summary>
    public IReadOnlyList<string> MediaHosts { get; init; } = [];

    /// <summary>The content rating passed to the provider (Tenor <c>contentfilter</c>: off/low/medium/high; GIPHY <c>rating</c>: g/pg/pg-13/r). Default: the provider's "medium"/"pg-13".</summary>
    public string? ContentRating { get; init; }

    /// <summary>Largest GIF the media proxy relays. Default 15 MiB.</summary>
    public int MaxMediaBytes { get; init; } = 15 * 1024 * 1024;

    /// <summary>Time allowed for one provider call or media fetch. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a provider is configured.</summary>
    public bool Enabled => Provider != ChatalotGifProvider.None;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new InvalidOperationException("Chatalot:Gifs:Provider must be none, tenor or giphy.");
        }

        if (Enabled && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new InvalidOperationException("Chatalot:Gifs:ApiKey is required when a GIF provider is set.");
        }

        if (BaseUrl is { IsAbsoluteUri: false } || Timeout <= TimeSpan.Zero || MaxMediaBytes < 1024)
        {
            throw new InvalidOperationException("Chatalot:Gifs needs an absolute BaseUrl, a positive timeout and MaxMediaBytes of at least 1 KiB.");
        }

        foreach (var host in MediaHosts)
        {
            // Checked here, at start-up, rather than on the first GIF request.
            if (!Uri.TryCreate(host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host, UriKind.Absolute, out _))
            {
                throw new InvalidOperationException($"Chatalot:Gifs:MediaHosts: '{host}' is not a host or an origin.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ChatalotGifOptions {{ Provider = {Provider}, BaseUrl = {BaseUrl} }}";
}
