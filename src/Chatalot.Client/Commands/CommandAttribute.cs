namespace Chatalot.Client.Commands;

/// <summary>
/// Marks a public method of a <see cref="CommandModule"/> as a prefix command. Its parameters are the command's typed
/// arguments, in order (see <see cref="CommandRouter"/> for the supported types); a <see cref="CommandContext"/> or
/// <see cref="CancellationToken"/> parameter is supplied by the router instead.
/// </summary>
/// <param name="name">The command name, without prefix (letters, digits, <c>-</c> and <c>_</c>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class CommandAttribute(string name) : Attribute
{
    /// <summary>The command name, without prefix.</summary>
    public string Name { get; } = name;

    /// <summary>One line for <c>!help</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Other names the command answers to.</summary>
    public string[] Aliases { get; init; } = [];
}
