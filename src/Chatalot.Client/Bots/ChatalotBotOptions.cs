using Chatalot.Client.Commands;

namespace Chatalot.Client.Bots;

/// <summary>Settings of a hosted bot.</summary>
public sealed record ChatalotBotOptions
{
    /// <summary>Command routing settings (prefix, help, error replies).</summary>
    public CommandRouterOptions Commands { get; init; } = CommandRouterOptions.Default;

    /// <summary>Whether messages sent by the bot's own account are ignored (prevents reply loops). Default true.</summary>
    public bool IgnoreOwnMessages { get; init; } = true;

    /// <summary>How long stopping the host waits for running handlers to finish. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Commands older than this (by the server's timestamp on the message) are ignored, logged at debug level: after a
    /// restart the bot catches up on missed messages and should not run a stale <c>!ban</c> or <c>!remind</c>. Event
    /// handlers and <see cref="ChatalotBot.OnMessageAsync"/> for plain messages still see every message.
    /// <see cref="Timeout.InfiniteTimeSpan"/> runs every command however old. Default 2 minutes.
    /// </summary>
    public TimeSpan MaxCommandAge { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many commands may run at once across all channels (commands run off their channel's queue unless marked
    /// <see cref="Commands.CommandRunMode.Sequential"/>); more wait their turn. Default 16.
    /// </summary>
    public int MaxConcurrentCommands { get; init; } = 16;

    /// <summary>
    /// The bot's owners, for <see cref="Commands.RequireOwnerAttribute"/> (in a community channel its owner counts too).
    /// Bindable from configuration as a list of user ids.
    /// </summary>
    public IReadOnlyList<Guid> OwnerIds { get; init; } = [];

    /// <summary>
    /// Whether the bot publishes its command list (names, summaries, arguments; <c>PUT /users/me/commands</c>) when it
    /// first connects, so the web composer offers its commands as you type the prefix. The list is not end-to-end
    /// encrypted: the server and the members of the bot's communities see it. Default true.
    /// </summary>
    public bool PublishCommands { get; init; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Commands);
        Commands.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
        if (MaxCommandAge <= TimeSpan.Zero && MaxCommandAge != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCommandAge), MaxCommandAge, "MaxCommandAge must be positive, or Timeout.InfiniteTimeSpan for no limit.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentCommands, 1, nameof(MaxConcurrentCommands));
        ArgumentNullException.ThrowIfNull(OwnerIds);
    }
}
