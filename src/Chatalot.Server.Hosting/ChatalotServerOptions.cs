namespace Chatalot.Server.Hosting;

/// <summary>
/// Settings of an embedded Chatalot server, bound from the <c>Chatalot</c> configuration section.
/// </summary>
public sealed record ChatalotServerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Chatalot";

    /// <summary>The folder that holds the embedded SQLite database and other local state.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Checks that the options describe a usable server.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Chatalot:DataDirectory must name a folder.");
        }
    }
}
