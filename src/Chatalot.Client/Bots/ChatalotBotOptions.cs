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

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Commands);
        Commands.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
    }
}
