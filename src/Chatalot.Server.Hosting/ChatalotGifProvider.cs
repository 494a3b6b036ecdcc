namespace Chatalot.Server.Hosting;

/// <summary>The GIF search service the server proxies to.</summary>
public enum ChatalotGifProvider
{
    /// <summary>No GIF search: clients hide the picker.</summary>
    None,

    /// <summary>Tenor API v2 (<c>https://tenor.googleapis.com/v2/</c>).</summary>
    Tenor,

    /// <summary>GIPHY API v1 (<c>https://api.giphy.com/v1/</c>).</summary>
    Giphy,
}
