namespace Chatalot.Server.Hosting;

/// <summary>
/// The link-preview fetcher, bound from <c>Chatalot:LinkPreviews</c> (docs/protocol/rest.md §Link previews and GIFs).
/// Off by default: when on, the server fetches pages and images for the <em>sender's</em> client, so the site never sees
/// the user's address, but the server sees the link. Every fetch goes through an SSRF guard: https only, no private,
/// loopback, link-local or other special-purpose address after DNS resolution (checked on the address actually
/// connected to, at every redirect), capped in size and time.
/// </summary>
public sealed record ChatalotLinkPreviewOptions
{
    /// <summary>Whether the server offers link previews. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Refuse plain-http links (and redirects to them). Default true; turn off only for tests or closed networks.</summary>
    public bool RequireHttps { get; init; } = true;

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.1.0.0/16</c>) allowed although the guard refuses them by default: for tests or an
    /// intranet. Default none.
    /// </summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];

    /// <summary>Time allowed for one whole fetch, redirects included. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of a page read for its metadata (the rest is not downloaded). Default 1 MiB.</summary>
    public int MaxPageBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest preview image fetched. Default 5 MiB.</summary>
    public int MaxImageBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Redirects followed, each checked again. Default 3.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>How long a page's metadata is cached (failures for a twelfth of that). Default 1 hour.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || CacheDuration < TimeSpan.Zero || MaxPageBytes < 1024 || MaxImageBytes < 1024 || MaxRedirects is < 0 or > 10)
        {
            throw new InvalidOperationException("Chatalot:LinkPreviews needs a positive timeout, sizes of at least 1 KiB and 0-10 redirects.");
        }

        foreach (var network in AllowedNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                throw new InvalidOperationException($"Chatalot:LinkPreviews:AllowedNetworks: '{network}' is not a CIDR network.");
            }
        }
    }
}
