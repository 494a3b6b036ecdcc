namespace Chatalot.Client.Search.Internal;

/// <summary>What a message can be required to have (<c>has:</c>).</summary>
[Flags]
internal enum MessageFeatures
{
    None = 0,
    Link = 1,
    Attachment = 2,
    Poll = 4,
    Mention = 8,
}

/// <summary>
/// Words that must all appear in a message, in order and next to each other when more than one (a quoted phrase, or a
/// word like "e-mail" that folds to two terms). With <see cref="LastIsPrefix"/> the last term matches any term it
/// begins (the word being typed).
/// </summary>
internal sealed record TermClause(IReadOnlyList<string> Terms, bool LastIsPrefix)
{
    public bool IsPhrase => Terms.Count > 1;
}

/// <summary>A <c>before:</c> or <c>after:</c> bound: a whole day (in the searcher's time zone) or an exact instant.</summary>
internal readonly record struct DateBound(DateOnly? Day, DateTimeOffset? Instant);

/// <summary>A parsed query (<see cref="SearchQueryParser"/>): clauses are all required; filter values of one key are alternatives.</summary>
internal sealed record SearchQuery
{
    public required IReadOnlyList<TermClause> Clauses { get; init; }

    /// <summary><c>from:</c> values: user ids or usernames (any one matches).</summary>
    public IReadOnlyList<string> From { get; init; } = [];

    /// <summary><c>in:</c> values: channel ids or names (any one matches).</summary>
    public IReadOnlyList<string> In { get; init; } = [];

    /// <summary><c>has:</c> values: all are required.</summary>
    public MessageFeatures Has { get; init; }

    /// <summary><c>before:</c> bounds: all apply, so the earliest wins.</summary>
    public IReadOnlyList<DateBound> Before { get; init; } = [];

    /// <summary><c>after:</c> bounds: all apply, so the latest wins.</summary>
    public IReadOnlyList<DateBound> After { get; init; } = [];

    /// <summary>The exclusive upper bound of the server time, in <paramref name="zone"/> for whole days.</summary>
    public DateTimeOffset? UpperBound(TimeZoneInfo zone) =>
        Before.Count == 0 ? null : Before.Min(b => b.Instant ?? StartOf(b.Day!.Value, zone));

    /// <summary>The exclusive lower bound (a whole day ends at the start of the next).</summary>
    public DateTimeOffset? LowerBound(TimeZoneInfo zone) =>
        After.Count == 0 ? null : After.Max(b => b.Instant ?? StartOf(b.Day!.Value.AddDays(1), zone).AddTicks(-1));

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
