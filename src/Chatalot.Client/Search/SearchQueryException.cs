namespace Chatalot.Client.Search;

/// <summary>
/// A search query is malformed. <see cref="ChatalotClientException.Code"/> is
/// <see cref="ClientErrorCodes.InvalidSearchQuery"/>; <see cref="Error"/> says what is wrong and <see cref="Position"/>
/// where, so a search box can underline it. The message never repeats the query.
/// </summary>
public sealed class SearchQueryException : ChatalotClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="position">The UTF-16 offset in the query where the problem starts (0 when it is the whole query).</param>
    /// <param name="message">A description without the query's text.</param>
    public SearchQueryException(SearchQueryError error, int position, string message)
        : base(ClientErrorCodes.InvalidSearchQuery, message)
    {
        Error = error;
        Position = position;
    }

    /// <summary>What is wrong with the query.</summary>
    public SearchQueryError Error { get; }

    /// <summary>The UTF-16 offset in the query where the problem starts.</summary>
    public int Position { get; }
}
