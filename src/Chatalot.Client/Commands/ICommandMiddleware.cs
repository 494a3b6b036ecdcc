namespace Chatalot.Client.Commands;

/// <summary>
/// A step of the command pipeline, resolved from the per-command DI scope. Call <c>next(context)</c> to continue, or
/// return without calling it to stop the command (set <see cref="CommandContext.Result"/> to say why). After
/// <c>next</c> returns, <see cref="CommandContext.Result"/> holds the outcome (for logging, timing, error replies).
/// </summary>
public interface ICommandMiddleware
{
    /// <summary>Handles the command, usually by calling <paramref name="next"/>.</summary>
    /// <param name="context">The command being handled.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes when this step is done.</returns>
    ValueTask InvokeAsync(CommandContext context, CommandDelegate next);
}
