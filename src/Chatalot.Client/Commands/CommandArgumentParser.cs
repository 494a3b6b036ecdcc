namespace Chatalot.Client.Commands;

/// <summary>A typed base for an <see cref="ICommandArgumentParser"/>.</summary>
/// <typeparam name="T">The parameter type.</typeparam>
public abstract class CommandArgumentParser<T> : ICommandArgumentParser
{
    /// <inheritdoc />
    public Type Type => typeof(T);

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Parses one argument.</summary>
    /// <param name="text">The argument as typed (quotes removed).</param>
    /// <param name="context">The invocation.</param>
    /// <returns>The value, or why the text is not valid (<see cref="ArgumentParseResult.Fail"/>).</returns>
    public abstract ValueTask<ArgumentParseResult> ParseAsync(string text, CommandContext context);
}
