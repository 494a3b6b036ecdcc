namespace Chatalot.Client.Commands;

/// <summary>
/// A check that must pass before a command runs, put on a command method or on its <see cref="CommandModule"/> class
/// (then it applies to each of the module's commands). Derive from it for checks of your own; the built-in ones are
/// <see cref="RequirePermissionAttribute"/>, <see cref="RequireOwnerAttribute"/> and <see cref="CooldownAttribute"/>.
/// </summary>
/// <remarks>
/// Preconditions run after the command is matched and before its arguments are parsed, in declaration order, cooldowns
/// last (so a refused command does not use up a cooldown). The first failure stops the command with
/// <see cref="CommandStatus.PreconditionFailed"/> and, when <see cref="CommandRouterOptions.ReplyOnPreconditionFailure"/>
/// is set, replies with <see cref="ErrorMessage"/> or the failure's reason. One instance serves every invocation of a
/// command, concurrently: keep state thread-safe.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public abstract class PreconditionAttribute : Attribute
{
    /// <summary>The reply when the check fails, instead of the check's own reason (none: the reason is used).</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Whether this check runs after the others (cooldowns do, so a refused command does not use up a cooldown).</summary>
    protected internal virtual bool RunsLast => false;

    /// <summary>Checks whether the command may run.</summary>
    /// <param name="context">The invocation (its <see cref="CommandContext.Command"/> is set).</param>
    /// <returns>Success, or why the command may not run.</returns>
    public abstract ValueTask<PreconditionResult> CheckAsync(CommandContext context);
}
