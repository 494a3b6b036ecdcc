namespace Chatalot.Client.Commands;

/// <summary>
/// Parses command arguments of one type (a type reader): commands may then take parameters of <see cref="Type"/>.
/// Register one in <see cref="CommandRouterOptions.ArgumentParsers"/> or, for a hosted bot, with
/// <c>ChatalotBotBuilder.AddArgumentParser&lt;TParser&gt;()</c> (then it is resolved from DI and may take dependencies).
/// A registered parser wins over a built-in one for the same type. Derive from <see cref="CommandArgumentParser{T}"/>
/// for a typed base.
/// </summary>
public interface ICommandArgumentParser
{
    /// <summary>The parameter type this parser produces.</summary>
    Type Type { get; }

    /// <summary>What a user should type, shown in help and when parsing fails (e.g. "a colour such as red or #ff0000").</summary>
    string Description { get; }

    /// <summary>Parses one argument.</summary>
    /// <param name="text">The argument as typed (quotes removed).</param>
    /// <param name="context">The invocation (its client, services and message), e.g. to look something up.</param>
    /// <returns>The value, or why the text is not valid.</returns>
    ValueTask<ArgumentParseResult> ParseAsync(string text, CommandContext context);
}
