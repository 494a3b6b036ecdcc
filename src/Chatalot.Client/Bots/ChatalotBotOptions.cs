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
    /// Which invites by name the bot accepts by itself: when one arrives (<see cref="InvitedToCommunity"/>) and, after
    /// each connect, those that arrived while it was away. Default <see cref="InviteAcceptPolicy.Never"/>.
    /// </summary>
    public InviteAcceptPolicy AutoAcceptInvites { get; init; } = InviteAcceptPolicy.Never;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Commands);
        Commands.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
        if (!Enum.IsDefined(AutoAcceptInvites))
        {
            throw new ArgumentException("AutoAcceptInvites must be Never or FromCommunityAdmins.", nameof(AutoAcceptInvites));
        }
    }
}
