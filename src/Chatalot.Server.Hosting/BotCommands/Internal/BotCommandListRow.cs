namespace Chatalot.Server.Hosting.BotCommands.Internal;

/// <summary>A user's (a bot's) published command list: names and summaries for the composer's autocomplete, not message content.</summary>
internal sealed class BotCommandListRow
{
    public Guid UserId { get; set; }

    public string Prefix { get; set; } = string.Empty;

    /// <summary>The commands as JSON (<c>PublishedCommand[]</c>), validated and bounded on the way in.</summary>
    public string CommandsJson { get; set; } = "[]";

    public DateTimeOffset UpdatedAt { get; set; }
}
