using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Chatalot.Client.Commands;

/// <summary>A registered command: its names, description and typed arguments.</summary>
public sealed class CommandDescriptor
{
    internal CommandDescriptor(
        string name,
        IReadOnlyList<string> aliases,
        string? description,
        IReadOnlyList<CommandParameterDescriptor> parameters,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type moduleType,
        MethodInfo method,
        IReadOnlyList<PreconditionAttribute>? preconditions = null,
        CommandRunMode runMode = CommandRunMode.Concurrent)
    {
        Preconditions = preconditions ?? [];
        RunMode = runMode;
        Name = name;
        Aliases = aliases;
        Description = description;
        Parameters = parameters;
        ModuleType = moduleType;
        Method = method;
    }

    /// <summary>The command name, without prefix.</summary>
    public string Name { get; }

    /// <summary>Other names.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The one-line description, if any.</summary>
    public string? Description { get; }

    /// <summary>The typed arguments, in order (injected parameters are not listed).</summary>
    public IReadOnlyList<CommandParameterDescriptor> Parameters { get; }

    /// <summary>The module class that declares the command.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
    public Type ModuleType { get; }

    internal MethodInfo Method { get; }

    /// <summary>The checks that run before the command (its module's, then its own; cooldowns last).</summary>
    public IReadOnlyList<PreconditionAttribute> Preconditions { get; }

    /// <summary>How a hosted bot runs the command relative to its channel's other messages (<see cref="RunModeAttribute"/>).</summary>
    public CommandRunMode RunMode { get; }

    /// <summary>Formats the usage line, for example <c>!roll &lt;dice&gt; [times]</c>.</summary>
    /// <param name="prefix">The command prefix.</param>
    /// <returns>The usage line.</returns>
    public string GetUsage(string prefix)
    {
        var parts = Parameters.Select(p => p switch
        {
            { IsRemainder: true, IsOptional: true } => $"[{p.Name}...]",
            { IsRemainder: true } => $"<{p.Name}...>",
            { IsOptional: true } => $"[{p.Name}]",
            _ => $"<{p.Name}>",
        });
        return string.Join(' ', new[] { prefix + Name }.Concat(parts));
    }
}
