namespace Chatalot.Client.Commands;

/// <summary>Settings of a <see cref="CommandRouter"/>.</summary>
public sealed record CommandRouterOptions
{
    /// <summary>The default settings.</summary>
    public static CommandRouterOptions Default { get; } = new();

    /// <summary>The text a command message starts with. Default <c>!</c>.</summary>
    public string Prefix { get; init; } = "!";

    /// <summary>Whether command names are matched case-sensitively. Default false.</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Whether the built-in <c>help</c> command (generated from the registered commands) is enabled. Default true.</summary>
    public bool EnableHelp { get; init; } = true;

    /// <summary>Whether a user gets a reply when their arguments are wrong (with the usage line). Default true.</summary>
    public bool ReplyOnInvalidArguments { get; init; } = true;

    /// <summary>Whether a user gets a reply for an unknown command. Default false (other bots may share the prefix).</summary>
    public bool ReplyOnUnknownCommand { get; init; }

    /// <summary>Whether a user gets a generic reply when a command throws (details are only logged). Default true.</summary>
    public bool ReplyOnFailure { get; init; } = true;

    /// <summary>
    /// Whether a user gets a reply when a <see cref="PreconditionAttribute"/> refuses the command: the attribute's
    /// <see cref="PreconditionAttribute.ErrorMessage"/>, or the check's own reason. Default true.
    /// </summary>
    public bool ReplyOnPreconditionFailure { get; init; } = true;

    /// <summary>
    /// Parsers of your own for command argument types (type readers); they win over built-in parsers and
    /// <see cref="ArgumentTypes"/> for the same type.
    /// </summary>
    public IReadOnlyList<ICommandArgumentParser> ArgumentParsers { get; init; } = [];

    /// <summary>
    /// Argument types of your own that commands may take, besides the built-in ones (text, numbers, yes/no, durations,
    /// ids, enums). Example: <c>[CommandArgumentType.For&lt;DiceRoll&gt;("dice such as 2d6")]</c>.
    /// </summary>
    public IReadOnlyList<CommandArgumentType> ArgumentTypes { get; init; } = [];

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException"><see cref="Prefix"/> is empty or contains white space.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Prefix) || Prefix.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("Prefix must be non-empty and contain no white space.", nameof(Prefix));
        }
    }
}
