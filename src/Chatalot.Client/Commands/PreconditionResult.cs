namespace Chatalot.Client.Commands;

/// <summary>The outcome of a <see cref="PreconditionAttribute"/> check.</summary>
public sealed record PreconditionResult
{
    private PreconditionResult(bool isSuccess, string? reason)
    {
        IsSuccess = isSuccess;
        Reason = reason;
    }

    /// <summary>A passed check.</summary>
    public static PreconditionResult Success { get; } = new(true, null);

    /// <summary>Whether the check passed.</summary>
    public bool IsSuccess { get; }

    /// <summary>Why it failed, worded for the user who typed the command (never internal details).</summary>
    public string? Reason { get; }

    /// <summary>A failed check.</summary>
    /// <param name="reason">Why, worded for the user.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty.</exception>
    public static PreconditionResult Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new PreconditionResult(false, reason);
    }
}
