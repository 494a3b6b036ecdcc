namespace Chatalot.Client.Commands;

/// <summary>The next step of the command pipeline.</summary>
/// <param name="context">The command being handled.</param>
/// <returns>A task that completes when the rest of the pipeline has run.</returns>
public delegate ValueTask CommandDelegate(CommandContext context);
