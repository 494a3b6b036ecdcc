namespace Chatalot.Client;

/// <summary>
/// Immutable settings of a Chatalot client.
/// </summary>
public sealed record ChatalotClientOptions
{
    /// <summary>The base address of the Chatalot server, for example <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri? ServerUrl { get; init; }

    /// <summary>Checks that the options describe a usable client.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public void Validate()
    {
        if (ServerUrl is null || !ServerUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("ServerUrl must be an absolute http(s) URI.", nameof(ServerUrl));
        }

        if (ServerUrl.Scheme != Uri.UriSchemeHttp && ServerUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("ServerUrl must use http or https.", nameof(ServerUrl));
        }
    }
}
