namespace Chatalot.Client.Commands;

/// <summary>The outcome of <see cref="ICommandArgumentParser.ParseAsync"/>.</summary>
public sealed record ArgumentParseResult
{
    private ArgumentParseResult(bool isSuccess, object? value, string? error)
    {
        IsSuccess = isSuccess;
        Value = value;
        Error = error;
    }

    /// <summary>Whether the text parsed.</summary>
    public bool IsSuccess { get; }

    /// <summary>The parsed value.</summary>
    public object? Value { get; }

    /// <summary>Why the text is not valid, worded for the user (none: the router says what was expected).</summary>
    public string? Error { get; }

    /// <summary>A parsed value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static ArgumentParseResult Success(object? value) => new(true, value, null);

    /// <summary>The text is not valid.</summary>
    /// <param name="error">Why, worded for the user; none to use the parser's <see cref="ICommandArgumentParser.Description"/>.</param>
    /// <returns>The result.</returns>
    public static ArgumentParseResult Fail(string? error = null) => new(false, null, error);
}
