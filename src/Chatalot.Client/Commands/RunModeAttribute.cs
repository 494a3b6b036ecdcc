namespace Chatalot.Client.Commands;

/// <summary>
/// Sets how a hosted bot runs a command (on a method) or each command of a module (on the class); a method's attribute
/// wins over its class's. Without it commands run <see cref="CommandRunMode.Concurrent"/>.
/// </summary>
/// <param name="mode">The run mode.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RunModeAttribute(CommandRunMode mode) : Attribute
{
    /// <summary>The run mode.</summary>
    public CommandRunMode Mode { get; } = mode;
}
