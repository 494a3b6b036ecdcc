namespace Chatalot.Client.Search;

/// <summary>How one search is run and paged.</summary>
public sealed record SearchOptions
{
    /// <summary>The default options.</summary>
    public static SearchOptions Default { get; } = new();

    /// <summary>Most hits per page, 1 to 100. Default 25.</summary>
    public int Limit { get; init; } = 25;

    /// <summary>Where to continue: <see cref="SearchResults.NextCursor"/> of the previous page. Null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>About how many characters of a message a snippet shows, 20 to 1,000. Default 160.</summary>
    public int SnippetLength { get; init; } = 160;

    /// <summary>
    /// The time zone in which a date-only <c>before:</c> or <c>after:</c> starts and ends its day (the user's, in a UI).
    /// Default UTC. A date and time with an offset is exact whatever this says.
    /// </summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="TimeZone"/> is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, 100, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfLessThan(SnippetLength, 20, nameof(SnippetLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SnippetLength, 1_000, nameof(SnippetLength));
        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
    }
}
