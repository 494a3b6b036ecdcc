namespace Chatalot.Client.Search;

/// <summary>A part of <see cref="SearchHit.Snippet"/> that matched the query, to show emphasised.</summary>
/// <param name="Start">The UTF-16 offset in the snippet.</param>
/// <param name="Length">The length in UTF-16 code units.</param>
public readonly record struct SearchHighlight(int Start, int Length);
