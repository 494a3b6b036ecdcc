using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Bots.Internal;

internal static partial class BotLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Event handler {Handler} failed for {EventType}")]
    public static partial void HandlerFailed(ILogger logger, string handler, string eventType, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Bot {Bot} starting with {CommandCount} commands (prefix {Prefix})")]
    public static partial void Starting(ILogger logger, string bot, int commandCount, string prefix);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Bot {Bot} could not connect; it is not running")]
    public static partial void ConnectFailed(ILogger logger, string bot, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Command {Command} finished with {Status}")]
    public static partial void CommandFinished(ILogger logger, string command, Commands.CommandStatus status);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Ignored command {Command} in {ChannelId}: sent {Age} ago, older than MaxCommandAge")]
    public static partial void StaleCommandIgnored(ILogger logger, string command, ChannelId channelId, TimeSpan age);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Command {Command} failed outside its pipeline")]
    public static partial void CommandCrashed(ILogger logger, string command, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Bot {Bot} could not publish its command list")]
    public static partial void PublishFailed(ILogger logger, string bot, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Bot {Bot} stopped before its handlers finished")]
    public static partial void ShutdownTimedOut(ILogger logger, string bot);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Bot {Bot} could not connect (retry {Retry} of {MaxRetries} in {Delay}): {Reason}")]
    public static partial void ConnectRetrying(ILogger logger, string bot, int retry, int maxRetries, TimeSpan delay, string reason);
}
