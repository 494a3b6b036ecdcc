using System.Diagnostics.Metrics;
using Chatalot.Client.Connection.Internal;
using Chatalot.Client.Conversations.Internal;
using Chatalot.Client.Diagnostics;
using Chatalot.Client.Core.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Events.Internal;
using Chatalot.Client.Gateway.Internal;
using Chatalot.Client.Rest;
using Chatalot.Client.Previews;
using Chatalot.Client.Search;
using Chatalot.Client.Search.Internal;
using Chatalot.Client.Voice;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.Client;

/// <summary>
/// A Chatalot client: signs in, publishes this device's keys, keeps a gateway session alive, decrypts what arrives
/// and encrypts what is sent, end to end. Events arrive through <see cref="Events"/>; raw REST is on <see cref="Rest"/>.
/// </summary>
/// <example>
/// <code>
/// await using var client = new ChatalotClient(new ChatalotClientOptions { ServerUrl = url, Username = "bot", Password = pw });
/// client.Events.On&lt;MessageReceived&gt;(async (m, ct) =&gt; await client.SendAsync(m.ChannelId, "echo: " + m.Text, ct));
/// await client.ConnectAsync();
/// </code>
/// </example>
public sealed partial class ChatalotClient : IChatalotClient, IAsyncDisposable
{
    private readonly ChatalotClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ClientMetrics _metrics;
    private readonly ConnectionStateTracker _state;
    private readonly KeyedSerialExecutor _inbound;
    private readonly ConversationModel _conversations = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private DeviceState? _device;
    private KeyPublisher? _keys;
    private ClientCore? _core;
#pragma warning disable CA2213 // Disposed in DisconnectAsync, which DisposeAsync calls.
    private GatewayClient? _gateway;
#pragma warning restore CA2213
    private readonly CancellationTokenSource _shutdown = new();
    private Task? _maintenance;
    private bool _disposed;

    /// <summary>Creates a client from options resolved through the options pattern (what <c>AddChatalotClient</c> registers).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="loggerFactory">Logging; none when null. Logs never contain message text, keys or tokens.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the <c>Chatalot.Client</c> meter; a private meter when null.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public ChatalotClient(Microsoft.Extensions.Options.IOptions<ChatalotClientOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, loggerFactory, timeProvider, meterFactory)
    {
    }

    /// <summary>Creates a client; nothing touches the network until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="loggerFactory">Logging; none when null. Logs never contain message text, keys or tokens.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the <c>Chatalot.Client</c> meter; a private meter when null.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public ChatalotClient(ChatalotClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _metrics = new ClientMetrics(meterFactory);
        Events = new EventHub(options.Events, _loggers.CreateLogger<EventHub>(), _time, _metrics, ownsMetrics: false);
        _state = new ConnectionStateTracker(Events, _time);
        Rest = ChatalotRestClient.Create(options, _time);
        if (options.PersistSession && options.DeviceStore is { } sessionStore)
        {
            Rest.SessionRecord = new Rest.Internal.SessionRecord(sessionStore);
        }

        Search = new MessageSearchIndex(options.Search, new ClientSearchNames(Rest));
        Profiles = new ProfileClient(Rest);
        Emoji = new CustomEmojiClient(Rest);
        Reports = new ReportClient(Rest);
        Attachments = new Attachments.AttachmentClient(Rest, options.Attachments, _time);
        Directory = new EntityDirectory(new Entities.Internal.RestDirectorySource(Rest), options.Directory, _time, _loggers.CreateLogger<EntityDirectory>());
        Events.Prepare = Directory.Prepare;
        Events.Enricher = Directory.EnrichAsync;
        if (options.Search.Enabled)
        {
            Events.Observer = e =>
            {
                IndexForSearch(e);
                Emoji.Observe(e);
            };
        }
        else
        {
            Events.Observer = Emoji.Observe;
        }

        var logger = _loggers.CreateLogger<ChatalotClient>();
        _inbound = new KeyedSerialExecutor((key, ex) => LogInboundFailed(logger, key, ex));
        Logger = logger;
        LinkPreviews = new LinkPreviewClient(Rest);
        Gifs = new GifClient(Rest);
        Conversations = new ConversationClient(this, _conversations, _time, () => RequireCore().Bookmarks);
        Devices = new DeviceClient(RequireCore, () => _core, options.DeviceName);
        Voice = new VoiceClient(RequireCore, () => _core);
    }

    /// <summary>This account's devices, device linking, revocation and the recovery key (client.md, "Devices").</summary>
    public DeviceClient Devices { get; }

    /// <summary>Voice channels and DM calls: who is in them, joining, flags, moderation and E2E call signalling (client.md, "Calls").</summary>
    public VoiceClient Voice { get; }

    /// <inheritdoc />
    public ConversationClient Conversations { get; }

    /// <inheritdoc />
    public EventHub Events { get; }

    /// <summary>Profiles, avatar and banner images, and status (client.md, "Profiles and status").</summary>
    public ProfileClient Profiles { get; }

    /// <summary>Communities' custom emoji: cached lists, uploads, images and the <c>:name:</c> resolver (client.md, "Custom emoji").</summary>
    public CustomEmojiClient Emoji { get; }

    /// <summary>Verifiable abuse reports and the moderators' queue (client.md, "Reports").</summary>
    public ReportClient Reports { get; }

    /// <inheritdoc />
    public ChatalotRestClient Rest { get; }

    /// <inheritdoc />
    public EntityDirectory Directory { get; }

    /// <inheritdoc />
    public MessageSearchIndex Search { get; }

    /// <inheritdoc />
    public LinkPreviewClient LinkPreviews { get; }

    /// <inheritdoc />
    public GifClient Gifs { get; }

    /// <inheritdoc />
    public Attachments.AttachmentClient Attachments { get; }

    /// <inheritdoc />
    public ConnectionState State => _state.State;

    /// <inheritdoc />
    public UserId? CurrentUserId => Rest.CurrentUser is { } user ? new UserId(user.Id) : null;

    /// <inheritdoc />
    public DeviceId? CurrentDeviceId => _device?.Device;

    private ILogger Logger { get; }

    internal ClientCore? CoreForTests => _core;

    internal GatewayClient? GatewayForTests => _gateway;

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_gateway is not null)
            {
                return;
            }

            if (!Rest.IsSignedIn && !await Rest.ResumeAsync(cancellationToken).ConfigureAwait(false))
            {
                await SignInAsync(cancellationToken).ConfigureAwait(false);
            }

            var self = CurrentUserId!.Value;
            if (_device is null && _options.StorePath is null && _options.DeviceStore is null)
            {
                LogEphemeralDevice(Logger);
            }

            _device ??= await DeviceState.OpenAsync(_options, self, cancellationToken).ConfigureAwait(false);
            _keys ??= new KeyPublisher(_device, Rest, _options, _time);
            await _keys.EnsurePublishedAsync(cancellationToken).ConfigureAwait(false);
            _core ??= new ClientCore(_device, self, Rest, _options, _keys, Events, _inbound, _conversations, _time, Logger);
            await _core.Keyring.StartAsync(cancellationToken).ConfigureAwait(false);
            if (_core.Keyring.Status == DeviceLinkStatus.Unlinked && _options.RecoveryKey is { } recoveryKey)
            {
                await _core.Backup.RestoreAsync(recoveryKey, cancellationToken).ConfigureAwait(false);
            }

            var gateway = new GatewayClient(
                _options.ServerUrl!,
                _device.Device,
                Rest.GetAccessTokenAsync,
                new GatewayHandler(_core),
                _options.Reconnect,
                _time,
                _state,
                _metrics,
                _loggers.CreateLogger<GatewayClient>());
            _maintenance ??= Task.Run(() => MaintainKeysAsync(_shutdown.Token), CancellationToken.None);

            // Published before starting: the session-start hook subscribes through it.
            _gateway = gateway;
            _core.Attach(gateway);
            try
            {
                await gateway.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _gateway = null;
                _core.Attach(null);
                await gateway.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Signs this client in with the session kept by <see cref="ChatalotClientOptions.PersistSession"/>: refreshes the
    /// stored refresh token (no password, no second factor) and keeps the rotated one. Call it before
    /// <see cref="ConnectAsync"/> (which also tries it first) to learn whether a full sign-in is needed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>
    /// True when signed in; false when nothing is stored, <see cref="ChatalotClientOptions.PersistSession"/> is off, or
    /// the server rejected the token (the session was revoked or expired, or the account suspended), in which case the
    /// stored token is forgotten and the caller signs in with <c>Rest.LoginAsync</c>.
    /// </returns>
    /// <exception cref="ChatalotConnectionException">The server could not be reached (the stored token is kept).</exception>
    /// <exception cref="ChatalotStoreException">The device store failed or is closed.</exception>
    public async Task<bool> ResumeSessionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Rest.IsSignedIn || await Rest.ResumeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_gateway is { } gateway)
            {
                _gateway = null;
                _core?.Attach(null);
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendAsync(ChannelId channel, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return await SendAsync(channel, MessageContent.CreateText(text), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendAsync(ChannelId channel, MessageContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return IndexSent(await RequireCore().Outbox.SendAsync(channel, content, cancellationToken).ConfigureAwait(false), content);
    }

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendAsync(UserId user, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return await SendAsync(user, MessageContent.CreateText(text), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<SentMessage> SendAsync(UserId user, MessageContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return IndexSent(await RequireCore().Outbox.SendToUserAsync(user, content, cancellationToken).ConfigureAwait(false), content);
    }

    /// <inheritdoc />
    public async Task EditAsync(ChannelId channel, MessageId messageId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var content = MessageContent.CreateText(text);
        await RequireCore().Outbox.EditAsync(channel, messageId, content, cancellationToken).ConfigureAwait(false);
        IndexEdited(channel, messageId, content);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(ChannelId channel, MessageId messageId, CancellationToken cancellationToken = default)
    {
        await RequireCore().Outbox.DeleteAsync(channel, messageId, cancellationToken).ConfigureAwait(false);
        IndexDeleted(messageId);
    }

    /// <inheritdoc />
    public Task SendTypingAsync(ChannelId channel, CancellationToken cancellationToken = default) =>
        RequireGateway().SendAsync(new Protocol.Gateway.TypingFrame(channel.Value), cancellationToken);

    /// <inheritdoc />
    public Task SetPresenceAsync(Protocol.Gateway.PresenceStatus status, CancellationToken cancellationToken = default) =>
        RequireGateway().SendAsync(new Protocol.Gateway.UpdatePresenceFrame(status), cancellationToken);

    /// <summary>
    /// Accepts the new account key of a user reported by <see cref="IdentityChanged"/> (after the user compared the new
    /// safety number), unblocking messages to and from their devices.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether a pending change was accepted.</returns>
    /// <exception cref="ChatalotClientException">The client is not connected.</exception>
    public Task<bool> AcceptIdentityAsync(UserId user, CancellationToken cancellationToken = default) =>
        RequireCore().Identities.AcceptAsync(user, cancellationToken);

    /// <summary>
    /// The safety number between this account and another (crypto.md §15.3), for the two people to compare out of band
    /// (read aloud, or scan <c>ToScannableBytes()</c> as a QR code). It covers every device either account lists, now and
    /// later. Uses the pending key after an account key change.
    /// </summary>
    /// <param name="user">The other user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The safety number; <c>ToGroupedString()</c> gives 12 groups of 5 digits.</returns>
    /// <exception cref="ChatalotClientException">Not connected, this device is not linked, or the user has no signed device list.</exception>
    public Task<Crypto.SafetyNumber> GetSafetyNumberAsync(UserId user, CancellationToken cancellationToken = default) =>
        RequireCore().Identities.GetSafetyNumberAsync(user, cancellationToken);

    /// <summary>
    /// Records that the safety number with a user was compared: messages from all their signed devices, current and
    /// future, then arrive as <see cref="TrustState.Verified"/> until their account key changes. Accepts a pending change
    /// first. Travels to this account's other devices when they are linked and in the recovery backup.
    /// </summary>
    /// <param name="user">The other user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes once recorded.</returns>
    /// <exception cref="ChatalotClientException">Not connected, or the user has no signed device list.</exception>
    public Task MarkVerifiedAsync(UserId user, CancellationToken cancellationToken = default) =>
        RequireCore().Identities.MarkVerifiedAsync(user, cancellationToken);

    /// <summary>Disconnects, lets running handlers finish, and closes the local store.</summary>
    /// <returns>A task that completes once everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (_maintenance is not null)
        {
            await _maintenance.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _shutdown.Dispose();
        await _inbound.DisposeAsync().ConfigureAwait(false);
        await Events.DisposeAsync().ConfigureAwait(false);
        if (_core is not null)
        {
            await _core.DisposeAsync().ConfigureAwait(false);
        }

        _keys?.Dispose();
        if (_device is not null)
        {
            await _device.DisposeAsync().ConfigureAwait(false);
        }

        Rest.Dispose();
        _metrics.Dispose();
        _lifecycle.Dispose();
    }

    private GatewayClient RequireGateway() =>
        Volatile.Read(ref _gateway) ?? throw new ChatalotConnectionException(ClientErrorCodes.NotConnected, "Call ConnectAsync first.");

    private ClientCore RequireCore() =>
        _core ?? throw new ChatalotClientException(ClientErrorCodes.NotConnected, "Call ConnectAsync before sending.");

    /// <summary>Checks prekey stock and the signed prekey's age every few hours, so a long-running bot rotates on schedule.</summary>
    private async Task MaintainKeysAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _keys!.ReplenishAsync(cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Any failure (HTTP timeout, store error) is retried at the next tick; it must not end maintenance.
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogKeyMaintenanceFailed(Logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SignInAsync(CancellationToken cancellationToken)
    {
        if (_options.BotToken is { } botToken)
        {
            await Rest.LoginBotAsync(new Protocol.Bots.BotLoginRequest(botToken, _options.DeviceName), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.Username is null || _options.Password is null)
        {
            throw new ChatalotClientException(ErrorCodes.Unauthenticated, "Set BotToken, or Username and Password, or call Rest.LoginAsync / Rest.UseSession before connecting.");
        }

        try
        {
            await Rest.LoginAsync(new LoginRequest(_options.Username, _options.Password, _options.DeviceName), _options.TwoFactorCodeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.InvalidCredentials && _options.RegisterIfMissing)
        {
            try
            {
                await Rest.RegisterAsync(new RegisterRequest(_options.Username, _options.Password, InviteCode: _options.RegistrationInviteCode, DeviceName: _options.DeviceName), cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException taken) when (taken.Code == ErrorCodes.UsernameTaken)
            {
                // The account exists, so the password was wrong: report the original failure.
                throw ex;
            }
        }
    }

    /// <summary>Hands the gateway's events and replies to the core; runs on the receive loop, so nothing here blocks.</summary>
    private sealed class GatewayHandler(ClientCore core) : IGatewayHandler
    {
        public void OnEvent(ServerEvent serverEvent) => core.OnServerEvent(serverEvent);

        public void OnReply(ServerFrame frame) => core.OnReply(frame);

        public Task OnSessionStartedAsync(bool resumed, bool mustResync, CancellationToken cancellationToken) =>
            core.OnSessionStartedAsync(resumed, mustResync, cancellationToken);
    }

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "No StorePath is set: keys and sessions live in memory, so this run is a new device and cannot read messages sent to earlier runs")]
    private static partial void LogEphemeralDevice(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Prekey maintenance failed; retrying at the next interval")]
    private static partial void LogKeyMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Processing an incoming event failed (ordering key {OrderingKey})")]
    private static partial void LogInboundFailed(ILogger logger, string orderingKey, Exception exception);
}
