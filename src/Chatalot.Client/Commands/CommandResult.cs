namespace Chatalot.Client.Commands;

/// <summary>The outcome of handling a message through the command pipeline.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Error">A message suitable to show the user (never exception details), when it failed.</param>
/// <param name="Exception">The exception a command threw, for logging.</param>
public sealed record CommandResult(CommandStatus Status, string? Error = null, Exception? Exception = null)
{
    /// <summary>A successful result.</summary>
    public static CommandResult Success { get; } = new(CommandStatus.Succeeded);

    /// <summary>Whether the command ran to completion.</summary>
    public bool IsSuccess => Status == CommandStatus.Succeeded;

    /// <summary>A result for a middleware that stops a command.</summary>
    /// <param name="reason">Shown to the user, when not null.</param>
    /// <returns>The result.</returns>
    public static CommandResult Blocked(string? reason = null) => new(CommandStatus.Blocked, reason);
}
