using System.Diagnostics;
using Chatalot.Client.Commands;
using Microsoft.Extensions.Logging;

namespace Chatalot.Samples.Bot;

/// <summary>A command middleware: logs every command with its outcome and duration (never the message text).</summary>
public sealed partial class CommandLogging(ILogger<CommandLogging> logger) : ICommandMiddleware
{
    public async ValueTask InvokeAsync(CommandContext context, CommandDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        LogCommand(logger, context.CommandName ?? "?", context.Result?.Status ?? CommandStatus.Blocked, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "!{Command} -> {Status} in {ElapsedMs:F0} ms")]
    private static partial void LogCommand(ILogger logger, string command, CommandStatus status, double elapsedMs);
}
