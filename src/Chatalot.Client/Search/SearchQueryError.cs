namespace Chatalot.Client.Search;

/// <summary>Why a search query could not be parsed (<see cref="SearchQueryException.Error"/>).</summary>
public enum SearchQueryError
{
    /// <summary>The query has no word and no filter to search for.</summary>
    EmptyQuery,

    /// <summary>A <c>"</c> opens a phrase (or a quoted filter value) that is never closed.</summary>
    UnterminatedQuote,

    /// <summary>A filter (<c>from:</c>, <c>in:</c>, <c>has:</c>, <c>before:</c>, <c>after:</c>) has no value.</summary>
    MissingFilterValue,

    /// <summary><c>has:</c> names something other than <c>link</c>, <c>attachment</c>, <c>poll</c> or <c>mention</c>.</summary>
    UnknownHasValue,

    /// <summary><c>before:</c> or <c>after:</c> is not an ISO 8601 date (<c>2025-05-01</c>) or date and time.</summary>
    InvalidDate,

    /// <summary>The paging cursor was not one this index returned.</summary>
    InvalidCursor,
}
