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
            MaxCommandAge = read.TimeSpan(nameof(MaxCommandAge)) ?? o.MaxCommandAge,
            MaxConcurrentCommands = read.Int(nameof(MaxConcurrentCommands)) ?? o.MaxConcurrentCommands,
            OwnerIds = ReadOwnerIds(section) ?? o.OwnerIds,
            PublishCommands = read.Bool(nameof(PublishCommands)) ?? o.PublishCommands,
            Commands = o.Commands with
            {
                Prefix = read.String("Commands:Prefix") ?? o.Commands.Prefix,
                CaseSensitive = read.Bool("Commands:CaseSensitive") ?? o.Commands.CaseSensitive,
                EnableHelp = read.Bool("Commands:EnableHelp") ?? o.Commands.EnableHelp,
                ReplyOnInvalidArguments = read.Bool("Commands:ReplyOnInvalidArguments") ?? o.Commands.ReplyOnInvalidArguments,
                ReplyOnUnknownCommand = read.Bool("Commands:ReplyOnUnknownCommand") ?? o.Commands.ReplyOnUnknownCommand,
                ReplyOnFailure = read.Bool("Commands:ReplyOnFailure") ?? o.Commands.ReplyOnFailure,
                ReplyOnPreconditionFailure = read.Bool("Commands:ReplyOnPreconditionFailure") ?? o.Commands.ReplyOnPreconditionFailure,
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

    /// <summary>The <c>OwnerIds</c> list (<c>OwnerIds:0</c>, <c>OwnerIds:1</c>… as configuration writes arrays), or null when absent.</summary>
    private static Guid[]? ReadOwnerIds(IConfiguration section)
    {
        var items = section.GetSection(nameof(OwnerIds)).GetChildren().Where(c => !string.IsNullOrEmpty(c.Value)).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        return [.. items.Select(c => Guid.TryParse(c.Value, out var id) ? id : throw new FormatException($"{c.Path}: '{c.Value}' is not a user id."))];
    }

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
        if (MaxCommandAge <= TimeSpan.Zero && MaxCommandAge != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCommandAge), MaxCommandAge, "MaxCommandAge must be positive, or Timeout.InfiniteTimeSpan for no limit.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentCommands, 1, nameof(MaxConcurrentCommands));
        ArgumentNullException.ThrowIfNull(OwnerIds);
    }
}
