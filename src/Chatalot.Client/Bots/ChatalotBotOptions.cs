using Chatalot.Client.Commands;
using Chatalot.Client.Hosting.Internal;
using Microsoft.Extensions.Configuration;

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
    /// The client the bot runs on: null (the default) for the one registered by <c>AddChatalotClient(options)</c>, or
    /// the name of one registered by <c>AddChatalotClient("name", …)</c>, so that one host runs several bot accounts.
    /// </summary>
    public string? ClientName { get; init; }

    /// <summary>How the first connection is retried while the server cannot be reached. Default: 5 retries, 1 s doubling to 15 s.</summary>
    public BotStartupRetry StartupRetry { get; init; } = new();

    /// <summary>
    /// Reads the settings from a configuration section (keys named like the properties, nested ones as
    /// <c>Commands:Prefix</c> or <c>StartupRetry:MaxRetries</c>). <see cref="CommandRouterOptions.ArgumentTypes"/> is
    /// code-only: a parser is code, not text.
    /// </summary>
    /// <param name="section">The section, for example <c>configuration.GetSection("Bot")</c>.</param>
    /// <param name="defaults">Values for keys the section does not set; a new instance when null.</param>
    /// <returns>The options (not yet validated).</returns>
    /// <exception cref="FormatException">A value has the wrong format (the message names the key).</exception>
    public static ChatalotBotOptions FromConfiguration(IConfiguration section, ChatalotBotOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var o = defaults ?? new ChatalotBotOptions();
        var read = new ConfigurationReader(section);
        return o with
        {
            ClientName = read.String(nameof(ClientName)) ?? o.ClientName,
            IgnoreOwnMessages = read.Bool(nameof(IgnoreOwnMessages)) ?? o.IgnoreOwnMessages,
            AutoAcceptInvites = read.Enum<InviteAcceptPolicy>(nameof(AutoAcceptInvites)) ?? o.AutoAcceptInvites,
            ShutdownTimeout = read.TimeSpan(nameof(ShutdownTimeout)) ?? o.ShutdownTimeout,
            Commands = o.Commands with
            {
                Prefix = read.String("Commands:Prefix") ?? o.Commands.Prefix,
                CaseSensitive = read.Bool("Commands:CaseSensitive") ?? o.Commands.CaseSensitive,
                EnableHelp = read.Bool("Commands:EnableHelp") ?? o.Commands.EnableHelp,
                ReplyOnInvalidArguments = read.Bool("Commands:ReplyOnInvalidArguments") ?? o.Commands.ReplyOnInvalidArguments,
                ReplyOnUnknownCommand = read.Bool("Commands:ReplyOnUnknownCommand") ?? o.Commands.ReplyOnUnknownCommand,
                ReplyOnFailure = read.Bool("Commands:ReplyOnFailure") ?? o.Commands.ReplyOnFailure,
            },
            StartupRetry = o.StartupRetry with
            {
                MaxRetries = read.Int("StartupRetry:MaxRetries") ?? o.StartupRetry.MaxRetries,
                InitialDelay = read.TimeSpan("StartupRetry:InitialDelay") ?? o.StartupRetry.InitialDelay,
                MaxDelay = read.TimeSpan("StartupRetry:MaxDelay") ?? o.StartupRetry.MaxDelay,
            },
        };
    }
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
        if (ClientName is { } name && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("ClientName must be null (the unnamed client) or a registered client's name.", nameof(ClientName));
        }

        ArgumentNullException.ThrowIfNull(StartupRetry);
        StartupRetry.Validate();
        if (!Enum.IsDefined(AutoAcceptInvites))
        {
            throw new ArgumentException("AutoAcceptInvites must be Never or FromCommunityAdmins.", nameof(AutoAcceptInvites));
        }
    }
}
