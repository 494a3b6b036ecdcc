namespace Chatalot.Client.Search;

/// <summary>A page of search results, newest message first.</summary>
public sealed record SearchResults
{
    /// <summary>The hits of this page, newest first (by server time, then message id).</summary>
    public required IReadOnlyList<SearchHit> Hits { get; init; }

    /// <summary>How many indexed messages match the query in all (across every page).</summary>
    public required int TotalCount { get; init; }

    /// <summary>Pass as <see cref="SearchOptions.Cursor"/> for the next (older) page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}
