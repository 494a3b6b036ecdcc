using Chatalot.Client.Conversations.Internal;
using Chatalot.Client.Devices.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Events.Internal;
using Chatalot.Client.Gateway.Internal;
using Chatalot.Client.Messages.Internal;
using Chatalot.Client.Rest;
using Chatalot.Protocol.Gateway;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Core.Internal;

/// <summary>
/// The connected client's parts and how they meet: the send path (<see cref="Outbox"/>), the receive path (server events
/// → <see cref="ConversationSync"/> → <see cref="MessageDecryptor"/> → <see cref="EventMapper"/>), key distribution and
/// recovery (<see cref="ChannelKeyDistributor"/>, <see cref="HeldMessages"/>, <see cref="InboxProcessor"/>). Inbound work
/// runs on <see cref="KeyedSerialExecutor"/> queues, one per channel, so order holds per channel and the gateway's
/// receive loop only enqueues.
/// </summary>
internal sealed partial class ClientCore : InboxProcessor.IHandler, IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);
    private readonly DeviceState _state;
    private readonly UserId _self;
    private readonly EventHub _events;
    private readonly KeyedSerialExecutor _inbound;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyPublisher _keys;
    private readonly StateLocks _locks = new();
    private readonly HeldMessages _held;
    private readonly InboxProcessor _inbox;
    private readonly ConversationSync _sync;
    private readonly MessageDecryptor _decryptor;
    private readonly EventMapper _mapper;
    private readonly ITimer _sweeper;
    private readonly ChatalotRestClient _rest;
    private readonly ConversationModel _conversations;
    private GatewayClient? _gateway;

    public ClientCore(DeviceState state, UserId self, ChatalotRestClient rest, ChatalotClientOptions options, KeyPublisher keys, EventHub events, KeyedSerialExecutor inbound, ConversationModel conversations, TimeProvider time, ILogger logger)
    {
        _conversations = conversations;
        _state = state;
        _self = self;
        _events = events;
        _inbound = inbound;
        _time = time;
        _logger = logger;
        _keys = keys;
        Lists = new DeviceListBook(state, rest, self, options.IdentityChangePolicy, events, time, logger);
        Lists.Accepted += OnDeviceListAccepted;
        Directory = new DeviceDirectory(rest, self, state.Device, Lists, time);
        _rest = rest;
        rest.ChannelCreated = channel => Directory.Remember(channel);
        rest.ChannelUpdated = channel => Directory.Remember(channel);
        Identities = new IdentityTrust(state, self, Lists);
        Keyring = new AccountKeyring(state, rest, self, Lists, time, logger);
        Keyring.Joined += OnJoinedAccount;
        History = new HistoryBackup(state, rest, self, _locks, time, logger);
        Linker = new DeviceLinker(state, rest, self, Keyring, Identities, Lists, History, time);
        Backup = new RecoveryBackup(rest, Keyring, Identities, Linker, History, async ct => (await Directory.RefreshChannelsAsync(ct).ConfigureAwait(false)).Select(c => c.Id));
        Sessions = new PairwiseSessions(state, rest, _locks, Identities, time);
        Transport = new ClientTransport(rest, state.Device, () => Volatile.Read(ref _gateway) is { } g && g.IsConnected ? g : null, time);
        Distributor = new ChannelKeyDistributor(state, self, Directory, Sessions, Transport, time, logger);
        Outbox = new Outbox(state, self, Directory, Sessions, Distributor, _locks, Transport, Keyring, time) { ChainUsed = History.OnOwnChainUsed };
        History.Restored = OnHistoryRestoredAsync;
        _held = new HeldMessages(options.KeyRecovery, time);
        _inbox = new InboxProcessor(state, rest, _locks, Sessions, Lists, Transport, this, logger);
        _sync = new ConversationSync(state, rest, SendFrameAsync, JoinedAtAsync, time);
        _decryptor = new MessageDecryptor(state, self, _locks, Sessions, Identities, Directory, Lists, History.IsRestoredAsync, History.RestoredDirect);
        _mapper = new EventMapper(time);
        Bookmarks = new BookmarkSync(state, self, Directory, Sessions, Transport, time);
        Voice = new Voice.Internal.VoiceSession(self, state.Device, rest, Transport, Sessions, Directory, events, time, logger);
        _sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public DeviceDirectory Directory { get; }

    /// <summary>The verified signed device lists (crypto.md §15.2).</summary>
    public DeviceListBook Lists { get; }

    /// <summary>This account's key and its own list.</summary>
    public AccountKeyring Keyring { get; }

    public DeviceLinker Linker { get; }

    public RecoveryBackup Backup { get; }

    /// <summary>Channel history in the key backup (crypto.md §15.5).</summary>
    public HistoryBackup History { get; }

    public ChatalotRestClient Rest => _rest;

    public UserId Self => _self;

    public DeviceId Device => _state.Device;

    public IdentityTrust Identities { get; }

    public PairwiseSessions Sessions { get; }

    public ClientTransport Transport { get; }

    public ChannelKeyDistributor Distributor { get; }

    public Outbox Outbox { get; }

    public BookmarkSync Bookmarks { get; }

    /// <summary>This device's calls and the voice state it knows (calls.md).</summary>
    public Voice.Internal.VoiceSession Voice { get; }

    /// <summary>How many messages wait for a sender key (tests and diagnostics).</summary>
    public int HeldCount => _held.Count;

    internal Crypto.IProtocolStore StoreForTests => _state.Store;

    internal MessageDecryptor DecryptorForTests => _decryptor;

    /// <summary>The gateway session to send frames on; set before it starts, cleared when it is disposed.</summary>
    public void Attach(GatewayClient? gateway)
    {
        Volatile.Write(ref _gateway, gateway);
        if (gateway is null)
        {
            Transport.OnDisconnected();
            _sync.OnDisconnected();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        await History.DisposeAsync().ConfigureAwait(false);
        _rest.ChannelCreated = null;
        Outbox.Dispose();
        Bookmarks.Dispose();
        Voice.Dispose();
        Directory.Dispose();
        Identities.Dispose();
        Lists.Accepted -= OnDeviceListAccepted;
        Keyring.Joined -= OnJoinedAccount;
        Lists.Dispose();
        Keyring.Dispose();
        _sync.Dispose();
        _inbox.Dispose();
        _locks.Dispose();
    }

    /// <summary>
    /// A gateway session is ready: subscribe, read what waited in the inbox, and (unless resumed) catch up; from where the
    /// previous session's catch-up started when <paramref name="eventsMayBeLost"/> (a refused resume, a resync_required).
    /// </summary>
    public async Task OnSessionStartedAsync(bool resumed, bool eventsMayBeLost, CancellationToken cancellationToken)
    {
        // Replies are never replayed: writes still waiting on the previous connection go again (they are idempotent).
        Transport.OnDisconnected();
        _sync.OnDisconnected();
        var channels = await Directory.RefreshChannelsAsync(cancellationToken).ConfigureAwait(false);
        if (!resumed)
        {
            _sync.ResetSubscriptions();
        }

        var added = await _sync.SubscribeAsync(channels, cancellationToken).ConfigureAwait(false);
        await _inbox.ProcessPendingAsync(cancellationToken).ConfigureAwait(false);

        // An unlinked device's request would be dropped by the others (it is not in the list yet): it asks once linked.
        if (Keyring.Status == DeviceLinkStatus.Linked)
        {
            await RequestBookmarksAsync(cancellationToken).ConfigureAwait(false);
        }

        // A fresh session (first start, restart, or a refused resume) may have missed anything; a resumed one only the
        // channels it had not subscribed to yet.
        await _sync.CatchUpAsync(resumed ? added : channels, EnqueueCatchUp, cancellationToken, rewind: !resumed && eventsMayBeLost).ConfigureAwait(false);

        // The call this device was in goes on (or ends, if the server let it go), off the session start path; last, so
        // a flag change cut off by this session's start (its reply never came) is sent again.
        _inbound.Enqueue("voice", async ct => await RefreshVoiceAsync(resumed, ct).ConfigureAwait(false));
    }

    private async Task RefreshVoiceAsync(bool resumed, CancellationToken cancellationToken)
    {
        try
        {
            await Voice.OnSessionStartedAsync(resumed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // The next fresh session tries again; a call's peers keep their media meanwhile.
            LogVoiceRefreshFailed(_logger, ex);
        }
    }

    private async Task RequestBookmarksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Bookmarks.RequestSyncOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // Bookmarks are not worth failing a session for: the request is not marked sent, so the next session asks.
            LogBookmarkSyncFailed(_logger, ex);
        }
    }

    /// <summary>This device was just linked or restored: it asks its account's other devices for what they share.</summary>
    private void OnJoinedAccount() => _inbound.Enqueue("devices", async ct => await RequestBookmarksAsync(ct).ConfigureAwait(false));

    public void OnReply(ServerFrame frame)
    {
        if (frame is SubscribedFrame subscribed)
        {
            _sync.OnSubscribed(subscribed.ChannelIds);
        }
        else if (!Transport.OnReply(frame) && frame is ErrorFrame error)
        {
            LogGatewayError(_logger, error.Code);
        }
    }

    public void OnDisconnected()
    {
        Transport.OnDisconnected();
        _sync.OnDisconnected();
    }

    private async Task<bool> SendFrameAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gateway) is not { } gateway)
        {
            return false;
        }

        await gateway.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // The catch-up floor of a channel never read here. A channel's history_days reaches back before the join: the
    // senders' clients decide what of it to open (content.md §6.2); what they refuse is dropped unshown.
    private async Task<DateTimeOffset?> JoinedAtAsync(Protocol.Channels.Channel channel, CancellationToken cancellationToken) =>
        channel.GroupId is { } group && await Directory.JoinedAtAsync(group, _self, cancellationToken).ConfigureAwait(false) is { } joined
            ? joined - TimeSpan.FromDays(channel.HistoryDays)
            : null;

    private void EnqueueCatchUp(Protocol.Messages.Message message) =>
        _inbound.Enqueue(message.ChannelId.ToString(), ct => HandleCreatedAsync(message, catchUp: true, ct));

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "The gateway reported an error: {Code}")]
    private static partial void LogGatewayError(ILogger logger, string code);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Could not ask this user's other devices for their bookmarks; the next session asks again")]
    private static partial void LogBookmarkSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Could not carry this device's call over to the new gateway session; the next session tries again")]
    private static partial void LogVoiceRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Key recovery step failed for channel {ChannelId}; it is retried at the next step")]
    private static partial void LogRecoveryFailed(ILogger logger, Guid channelId, Exception exception);
}
