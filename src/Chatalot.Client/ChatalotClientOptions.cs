using Chatalot.Client.Hosting.Internal;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Chatalot.Client;

/// <summary>
/// Immutable settings of a Chatalot client. Build one with an object initializer, bind it from configuration with
/// <see cref="FromConfiguration"/>, or let <c>services.AddChatalotClient(...)</c> do it. <see cref="ToString"/> never
/// prints the password or the bot token.
/// </summary>
public sealed record ChatalotClientOptions
{
    /// <summary>The base address of the Chatalot server, for example <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri? ServerUrl { get; init; }

    /// <summary>The account's user name, for password sign-in.</summary>
    public string? Username { get; init; }

    /// <summary>The account's password, for password sign-in. Never logged or printed.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// The bot token of a bot account (created in a community's bot settings or with <c>Rest.CreateBotAsync</c>), for
    /// token sign-in (<c>POST /auth/bot</c>) instead of <see cref="Username"/>/<see cref="Password"/>; the two are
    /// mutually exclusive. A bot has no password, so a persistent <see cref="StorePath"/> is protected by
    /// <see cref="StorePassphrase"/> (or <see cref="StoreKey"/>) set on its own: rotating the token does not change the
    /// store. Never logged or printed.
    /// </summary>
    public string? BotToken { get; init; }

    /// <summary>
    /// The account's recovery key (crypto.md §15.5), for unattended clients: a new device of an account that already has
    /// devices restores the account key from the backup with it at connect, instead of waiting to be linked. Suits a bot
    /// whose device store does not survive a restart. Never logged or printed.
    /// </summary>
    public string? RecoveryKey { get; init; }

    /// <summary>Whether to register the account when signing in finds no such user (handy for bots). Default false.</summary>
    public bool RegisterIfMissing { get; init; }

    /// <summary>
    /// A registration invite code, used by <see cref="RegisterIfMissing"/> on servers whose registration is invite-only
    /// (the sample server's default). Never logged or printed.
    /// </summary>
    public string? RegistrationInviteCode { get; init; }

    /// <summary>
    /// Asked for a code when the account has two-factor sign-in on and <see cref="Username"/>/<see cref="Password"/>
    /// sign-in answers <c>two_factor_required</c>: return the authenticator app's current 6-digit code, or an unused
    /// backup code. When null such a sign-in fails with that <see cref="ChatalotApiException"/> (whose
    /// <see cref="ChatalotApiException.TwoFactorChallenge"/> can finish it through <c>Rest.CompleteTwoFactorLoginAsync</c>).
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TwoFactorCodeProvider { get; init; }

    /// <summary>A label for this client's sessions and device (shown in the user's sessions list). Default "Chatalot .NET client".</summary>
    public string DeviceName { get; init; } = "Chatalot .NET client";

    /// <summary>
    /// Path of the encrypted SQLite file that keeps this device's identity, prekeys, sessions, sender keys and pinned
    /// identities across restarts. When null, state lives in memory and every run is a new device (fine for tests).
    /// </summary>
    public string? StorePath { get; init; }

    /// <summary>Passphrase protecting <see cref="StorePath"/> (Argon2id). Never logged or printed.</summary>
    public string? StorePassphrase { get; init; }

    /// <summary>A 32-byte key protecting <see cref="StorePath"/>, as an alternative to <see cref="StorePassphrase"/>.</summary>
    public ReadOnlyMemory<byte>? StoreKey { get; init; }

    /// <summary>
    /// A store the host opened itself for this device's state, for hosts that cannot use <see cref="StorePath"/> (a
    /// browser keeps it in IndexedDB). The client builds its protocol store and bookkeeping over it, exactly as over the
    /// SQLite file, so a client created again over the same store signs in as the same device and continues every
    /// session. The host keeps ownership (the client never disposes it) and must not share one store between accounts
    /// or between two clients at once. Mutually exclusive with <see cref="StorePath"/>.
    /// </summary>
    public Storage.IDeviceStore? DeviceStore { get; init; }

    /// <summary>
    /// Whether the session's refresh token is kept in <see cref="DeviceStore"/> (sealed there like the device's
    /// identity key) and rewritten at every rotation, so that a restarted client resumes with
    /// <see cref="ChatalotClient.ResumeSessionAsync"/> (which <see cref="ChatalotClient.ConnectAsync"/> tries first)
    /// instead of signing in with the password and a second factor again. Signing out, deleting the account, and a
    /// refresh the server rejects (session revoked, expired, token reused, account suspended) remove it. Needs
    /// <see cref="DeviceStore"/> (so it is set in code, not read from configuration). Default false.
    /// </summary>
    public bool PersistSession { get; init; }

    /// <summary>What happens when a contact's identity key changes. Default <see cref="IdentityChangePolicy.BlockUntilAccepted"/>.</summary>
    public IdentityChangePolicy IdentityChangePolicy { get; init; } = IdentityChangePolicy.BlockUntilAccepted;

    /// <summary>How many one-time prekeys of each kind the device keeps on the server. Default 50.</summary>
    public int OneTimePrekeyCount { get; init; } = 50;

    /// <summary>Below this many one-time prekeys the device uploads more. Default 10.</summary>
    public int PrekeyLowWatermark { get; init; } = 10;

    /// <summary>How often the signed prekey is replaced. Default 7 days.</summary>
    public TimeSpan SignedPrekeyRotation { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Timeout of one REST request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one REST request is resent after a 429 with <c>Retry-After</c>. Default 3.</summary>
    public int MaxRateLimitRetries { get; init; } = 3;

    /// <summary>How the gateway reconnects after a drop.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>How events are dispatched to handlers.</summary>
    public EventHubOptions Events { get; init; } = EventHubOptions.Default;

    /// <summary>How messages whose sender key has not arrived are held, asked for and reported (content.md §6.2).</summary>
    public KeyRecoveryOptions KeyRecovery { get; init; } = new();

    /// <summary>The in-memory search index over decrypted messages (<see cref="ChatalotClient.Search"/>): on, at most 50,000 messages.</summary>
    public Search.SearchIndexOptions Search { get; init; } = new();

    /// <summary>How files are uploaded and downloaded: chunk size and retries after dropped connections.</summary>
    public Attachments.AttachmentOptions Attachments { get; init; } = new();

    /// <summary>The names cache behind <see cref="ChatalotClient.Directory"/> and the names on events: sizes and entry lifetime.</summary>
    public EntityDirectoryOptions Directory { get; init; } = new();

    /// <summary>Reads options from a configuration section (keys named like the properties, e.g. <c>Chatalot:ServerUrl</c>).</summary>
    /// <param name="section">The section, for example <c>configuration.GetSection("Chatalot")</c>.</param>
    /// <param name="defaults">Values for keys the section does not set; a new instance when null.</param>
    /// <returns>The options (not yet validated).</returns>
    /// <exception cref="FormatException">A value has the wrong format.</exception>
    public static ChatalotClientOptions FromConfiguration(IConfiguration section, ChatalotClientOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var o = defaults ?? new ChatalotClientOptions();
        var read = new ConfigurationReader(section);

        // Every setting with a text form, nested ones as "Reconnect:MaxDelay" (a test checks none is missed). DeviceStore
        // and StoreKey are code-only: a store instance and key bytes have no place in a configuration file. So is
        // PersistSession, which needs that DeviceStore.
        return o with
        {
            ServerUrl = read.Uri(nameof(ServerUrl)) ?? o.ServerUrl,
            Username = read.String(nameof(Username)) ?? o.Username,
            Password = read.String(nameof(Password)) ?? o.Password,
            BotToken = read.String(nameof(BotToken)) ?? o.BotToken,
            RecoveryKey = read.String(nameof(RecoveryKey)) ?? o.RecoveryKey,
            RegisterIfMissing = read.Bool(nameof(RegisterIfMissing)) ?? o.RegisterIfMissing,
            RegistrationInviteCode = read.String(nameof(RegistrationInviteCode)) ?? o.RegistrationInviteCode,
            DeviceName = read.String(nameof(DeviceName)) ?? o.DeviceName,
            StorePath = read.String(nameof(StorePath)) ?? o.StorePath,
            StorePassphrase = read.String(nameof(StorePassphrase)) ?? o.StorePassphrase,
            IdentityChangePolicy = read.Enum<IdentityChangePolicy>(nameof(IdentityChangePolicy)) ?? o.IdentityChangePolicy,
            OneTimePrekeyCount = read.Int(nameof(OneTimePrekeyCount)) ?? o.OneTimePrekeyCount,
            PrekeyLowWatermark = read.Int(nameof(PrekeyLowWatermark)) ?? o.PrekeyLowWatermark,
            SignedPrekeyRotation = read.TimeSpan(nameof(SignedPrekeyRotation)) ?? o.SignedPrekeyRotation,
            RequestTimeout = read.TimeSpan(nameof(RequestTimeout)) ?? o.RequestTimeout,
            MaxRateLimitRetries = read.Int(nameof(MaxRateLimitRetries)) ?? o.MaxRateLimitRetries,
            Reconnect = o.Reconnect with
            {
                InitialDelay = read.TimeSpan("Reconnect:InitialDelay") ?? o.Reconnect.InitialDelay,
                MaxDelay = read.TimeSpan("Reconnect:MaxDelay") ?? o.Reconnect.MaxDelay,
                Multiplier = read.Double("Reconnect:Multiplier") ?? o.Reconnect.Multiplier,
                JitterFraction = read.Double("Reconnect:JitterFraction") ?? o.Reconnect.JitterFraction,
                MaxAttempts = read.Int("Reconnect:MaxAttempts") ?? o.Reconnect.MaxAttempts,
                ResetAfter = read.TimeSpan("Reconnect:ResetAfter") ?? o.Reconnect.ResetAfter,
            },
            Events = o.Events with
            {
                SlowHandlerThreshold = read.TimeSpan("Events:SlowHandlerThreshold") ?? o.Events.SlowHandlerThreshold,
                BacklogWarningThreshold = read.Int("Events:BacklogWarningThreshold") ?? o.Events.BacklogWarningThreshold,
            },
            KeyRecovery = o.KeyRecovery with
            {
                RequestAfter = read.TimeSpan("KeyRecovery:RequestAfter") ?? o.KeyRecovery.RequestAfter,
                ReportAfter = read.TimeSpan("KeyRecovery:ReportAfter") ?? o.KeyRecovery.ReportAfter,
                HoldFor = read.TimeSpan("KeyRecovery:HoldFor") ?? o.KeyRecovery.HoldFor,
                MaxHeld = read.Int("KeyRecovery:MaxHeld") ?? o.KeyRecovery.MaxHeld,
            },
            Search = o.Search with
            {
                Enabled = read.Bool("Search:Enabled") ?? o.Search.Enabled,
                MaxMessages = read.Int("Search:MaxMessages") ?? o.Search.MaxMessages,
            },
            Attachments = o.Attachments with
            {
                UploadChunkSize = read.Int("Attachments:UploadChunkSize") ?? o.Attachments.UploadChunkSize,
                MaxRetries = read.Int("Attachments:MaxRetries") ?? o.Attachments.MaxRetries,
                RetryDelay = read.TimeSpan("Attachments:RetryDelay") ?? o.Attachments.RetryDelay,
                MaxRetryDelay = read.TimeSpan("Attachments:MaxRetryDelay") ?? o.Attachments.MaxRetryDelay,
                SendChunkChecksums = read.Bool("Attachments:SendChunkChecksums") ?? o.Attachments.SendChunkChecksums,
                DownloadStallTimeout = read.TimeSpan("Attachments:DownloadStallTimeout") ?? o.Attachments.DownloadStallTimeout,
            },
            Directory = o.Directory with
            {
                MaxUsers = read.Int("Directory:MaxUsers") ?? o.Directory.MaxUsers,
                MaxChannels = read.Int("Directory:MaxChannels") ?? o.Directory.MaxChannels,
                EntryLifetime = read.TimeSpan("Directory:EntryLifetime") ?? o.Directory.EntryLifetime,
                CommunityPrefetchLimit = read.Int("Directory:CommunityPrefetchLimit") ?? o.Directory.CommunityPrefetchLimit,
            },
        };
    }

    /// <summary>Checks that the options describe a usable client.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public void Validate()
    {
        if (ServerUrl is null || !ServerUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("ServerUrl must be an absolute http(s) URI.", nameof(ServerUrl));
        }

        if (ServerUrl.Scheme != Uri.UriSchemeHttp && ServerUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("ServerUrl must use http or https.", nameof(ServerUrl));
        }

        if ((Username is null) != (Password is null))
        {
            throw new ArgumentException("Username and Password must be set together.", nameof(Password));
        }

        if (BotToken is not null && (Username is not null || Password is not null))
        {
            throw new ArgumentException("Set either BotToken (a bot account) or Username and Password, not both: a bot signs in with its token only.", nameof(BotToken));
        }

        if (BotToken is not null && RegisterIfMissing)
        {
            throw new ArgumentException("RegisterIfMissing does not apply to a bot token: a community admin creates the bot and gives you its token.", nameof(RegisterIfMissing));
        }

        if (BotToken is { Length: 0 })
        {
            throw new ArgumentException("BotToken is empty.", nameof(BotToken));
        }

        if (StorePath is not null && StorePassphrase is null && StoreKey is null)
        {
            throw new ArgumentException("StorePath needs StorePassphrase or StoreKey.", nameof(StorePath));
        }

        // Checked here too (StoreKey checks again when the store opens) so a configuration mistake fails fast, before
        // any network sign-in.
        if (StorePassphrase is { Length: < 8 })
        {
            throw new ArgumentException("A store passphrase must have at least 8 characters.", nameof(StorePassphrase));
        }

        if (StoreKey is { Length: not Storage.StoreKey.KeySize })
        {
            throw new ArgumentException($"A store key must be {Storage.StoreKey.KeySize} bytes.", nameof(StoreKey));
        }

        if (StorePath is not null && DeviceStore is not null)
        {
            throw new ArgumentException("Set either StorePath or DeviceStore, not both.", nameof(DeviceStore));
        }

        if (PersistSession && DeviceStore is null)
        {
            throw new ArgumentException("PersistSession needs a DeviceStore to keep the refresh token in.", nameof(PersistSession));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(OneTimePrekeyCount, 1, nameof(OneTimePrekeyCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(PrekeyLowWatermark, OneTimePrekeyCount, nameof(PrekeyLowWatermark));
        ArgumentOutOfRangeException.ThrowIfLessThan(SignedPrekeyRotation, TimeSpan.FromHours(1), nameof(SignedPrekeyRotation));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRateLimitRetries, nameof(MaxRateLimitRetries));
        ArgumentNullException.ThrowIfNull(Reconnect, nameof(Reconnect));
        Reconnect.Validate();
        ArgumentNullException.ThrowIfNull(Events, nameof(Events));
        Events.Validate();
        KeyRecovery.Validate();
        ArgumentNullException.ThrowIfNull(Search, nameof(Search));
        Search.Validate();
        ArgumentNullException.ThrowIfNull(Attachments, nameof(Attachments));
        Attachments.Validate();
        ArgumentNullException.ThrowIfNull(Directory, nameof(Directory));
        Directory.Validate();
    }

    /// <summary>Prints the settings with the password redacted.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("ChatalotClientOptions { ");
        text.Append("ServerUrl = ").Append(ServerUrl).Append(", Username = ").Append(Username)
            .Append(", Password = ").Append(Password is null ? "null" : "***")
            .Append(", BotToken = ").Append(BotToken is null ? "null" : "***")
            .Append(", RecoveryKey = ").Append(RecoveryKey is null ? "null" : "***")
            .Append(", RegisterIfMissing = ").Append(RegisterIfMissing)
            .Append(", RegistrationInviteCode = ").Append(RegistrationInviteCode is null ? "null" : "***")
            .Append(", DeviceName = ").Append(DeviceName)
            .Append(", StorePath = ").Append(StorePath).Append(", StorePassphrase = ").Append(StorePassphrase is null ? "null" : "***")
            .Append(", StoreKey = ").Append(StoreKey is null ? "null" : "***")
            .Append(", DeviceStore = ").Append(DeviceStore is null ? "null" : DeviceStore.GetType().Name).Append(" }");
        return text.ToString();
    }
}
