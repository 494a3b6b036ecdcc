using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Samples.Web.Browser;
using Chatalot.Samples.Web.Theming;
using Chatalot.Samples.Web.Vault;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Where the app is in its life: what the root component shows.</summary>
public enum SessionPhase
{
    Starting,
    SignedOut,
    Locked,
    Connecting,
    Ready,
}

/// <summary>
/// The signed-in browser session: one <see cref="ChatalotClient"/> (transparent end-to-end encryption with the
/// crypto package's managed provider, the only one that runs in WebAssembly), the directory of communities, groups,
/// channels and DMs, and the decrypted messages of this session. Components observe <see cref="Changed"/>.
/// </summary>
public sealed partial class ChatSession(
    KeyVault vault,
    BrowserInterop browser,
    ThemeService theme,
    Uri serverUrl,
    ILoggerFactory loggers,
    TimeProvider time,
    MediaInterop media,
    CallInterop calls) : IAsyncDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private IndexedDbDeviceStore? _deviceStore;
    private MessageArchive? _archive;
    private byte[]? _storeKey;

    public SessionPhase Phase { get; private set; } = SessionPhase.Starting;

    public ChatalotClient? Client { get; private set; }

    public User? Me { get; private set; }

    public VaultEnvelope? LockedVault { get; private set; }

    public RegistrationMode? RegistrationMode { get; private set; }

    public string? Status { get; private set; }

    /// <summary>Why the last sign-in or unlock failed after leaving its form (shown by that form when it returns).</summary>
    public string? StartError { get; private set; }

    /// <summary>Raised (on whatever context the client used) after any state change; components marshal it.</summary>
    public event Action? Changed;

    public async Task InitializeAsync()
    {
        LockedVault = await vault.LoadEnvelopeAsync();
        await theme.LoadForUserAsync(LockedVault?.UserId);
        Phase = LockedVault is null ? SessionPhase.SignedOut : SessionPhase.Locked;
        try
        {
            await using var probe = new ChatalotClient(new ChatalotClientOptions { ServerUrl = serverUrl });
            _serverInfo = await probe.Rest.GetServerInfoAsync();
            RegistrationMode = _serverInfo.RegistrationMode;
            ApplyServerInfo(_serverInfo);
        }
        catch (Exception ex) when (ex is HttpRequestException or ChatalotClientException)
        {
            Status = "The server is not reachable right now.";
        }

        Notify();
    }

    public async Task RegisterAsync(string username, string password, string? displayName, string? inviteCode, string passphrase, string? setupCode = null)
    {
        var client = await CreateFreshClientAsync();
        try
        {
            var auth = await client.Rest.RegisterAsync(new RegisterRequest(username, password, NullIfEmpty(displayName), NullIfEmpty(inviteCode), DeviceName, NullIfEmpty(setupCode)));
            PendingRecoveryCode = auth.RecoveryCode;
            SetupRequired = false;
            await CompleteSignInAsync(client, auth.User, username, passphrase);
        }
        catch
        {
            await client.DisposeAsync();
            CloseStores();
            throw;
        }
    }

    /// <summary>Signs in; with two-factor sign-in on, a first call without <paramref name="twoFactorCode"/> throws <c>two_factor_required</c>.</summary>
    public async Task LoginAsync(string username, string password, string passphrase, string? twoFactorCode = null)
    {
        var client = await CreateFreshClientAsync();
        try
        {
            var code = NullIfEmpty(twoFactorCode);
            var auth = await client.Rest.LoginAsync(new LoginRequest(username, password, DeviceName), code is null ? null : _ => ValueTask.FromResult(code));
            await CompleteSignInAsync(client, auth.User, username, passphrase);
        }
        catch
        {
            await client.DisposeAsync();
            CloseStores();
            throw;
        }
    }

    /// <summary>
    /// Opens the vault with the passphrase, reopens this browser's device key store with the vault's key and resumes
    /// the session whose refresh token that store keeps (no password, no second factor): the client comes back as the
    /// same device with the same sessions and publishes nothing new. When the server rejects the token (the session
    /// was revoked elsewhere, or expired) the app asks for a full sign-in on the same device instead
    /// (<see cref="Reauthentication"/>). Throws <see cref="VaultException"/> for a wrong passphrase.
    /// </summary>
    public async Task UnlockAsync(string passphrase)
    {
        var envelope = LockedVault ?? throw new VaultException("Nothing to unlock.");
        var contents = KeyVault.Open(envelope, passphrase);
        await LockDeviceAsync();
        if (contents.DeviceStoreKey is not { Length: VaultCipher.KeySize })
        {
            // A vault from before the device store: its device's keys were lost with the page, so start a new one.
            await IndexedDbDeviceStore.ClearAllAsync(browser);
            await MessageArchive.ClearAllAsync(browser);
            contents = contents with { DeviceStoreKey = RandomNumberGenerator.GetBytes(VaultCipher.KeySize), SavedAt = time.GetUtcNow() };
            await vault.SaveAsync(envelope.UserId, contents, passphrase);
            LockedVault = await vault.LoadEnvelopeAsync();
        }

        var storeKey = contents.DeviceStoreKey!;
        var client = OpenClient(storeKey.ToArray());
        bool resumed;
        try
        {
            resumed = await client.ResumeSessionAsync();
            if (resumed)
            {
                await StartAsync(client, client.Rest.CurrentUser!);
            }
        }
        catch
        {
            await client.DisposeAsync();
            CloseStores();
            throw;
        }

        if (!resumed)
        {
            await client.DisposeAsync();
            CloseStores();
            AskToSignInAgain(envelope.UserId, contents.Username, storeKey, contents.DeviceId, SessionEndedMessage(null));
            return;
        }

        await RetirePreviousDeviceAsync(client, contents.DeviceId);
        if (contents.DeviceId != client.CurrentDeviceId?.Value)
        {
            await vault.SaveAsync(envelope.UserId, contents with { DeviceId = client.CurrentDeviceId?.Value, SavedAt = time.GetUtcNow() }, passphrase);
            LockedVault = await vault.LoadEnvelopeAsync();
        }
    }

    /// <summary>
    /// Signs out on the server (retiring this device there when signed in), forgets the vault, the device keys and the
    /// message archive in this browser, and returns to the sign-in screen.
    /// </summary>
    public async Task LogoutAsync()
    {
        StopWatchingSessionEnd();
        // From a locked tab: never wipe the stores under another tab that is using them.
        if (Client is null)
        {
            await LockDeviceAsync();
        }

        if (Client is { } client)
        {
            try
            {
                // The device's keys are wiped below, so retire the device too: first from the account's signed list (a
                // signed-out browser is gone from what contacts and this account's other devices see, crypto.md §15),
                // then from the server, so contacts stop encrypting to it.
                await client.Devices.RemoveThisDeviceAsync();
                if (client.CurrentDeviceId is { } device)
                {
                    await client.Rest.DeleteDeviceAsync(device);
                }

                await client.Rest.LogoutAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or ChatalotClientException)
            {
                // Signing out locally still matters when the server cannot be reached.
            }
        }

        await StopAsync();
        CloseStores();
        ForgetReauthentication();
        await vault.ForgetAsync();
        // The device's keys and the message history go with the vault: nothing readable stays in this browser.
        await IndexedDbDeviceStore.ClearAllAsync(browser);
        await MessageArchive.ClearAllAsync(browser);
        await browser.ReleaseDeviceLockAsync();
        LockedVault = null;
        Me = null;
        ClearDirectory();
        await theme.LoadForUserAsync(null);
        Phase = SessionPhase.SignedOut;
        Notify();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        CloseStores();
    }

    private const string DeviceName = "Chatalot web";

    /// <summary>A client for a fresh sign-in: a new device key store (the previous one, if any, is wiped with its key).</summary>
    private async Task<ChatalotClient> CreateFreshClientAsync()
    {
        await StopAsync();
        await LockDeviceAsync();
        await IndexedDbDeviceStore.ClearAllAsync(browser);
        await MessageArchive.ClearAllAsync(browser);
        return OpenClient(RandomNumberGenerator.GetBytes(VaultCipher.KeySize));
    }

    /// <summary>A client over the device key store sealed with <paramref name="storeKey"/> (a new store when empty).</summary>
    private ChatalotClient OpenClient(byte[] storeKey)
    {
        CloseStores();
        _storeKey = storeKey;
        _deviceStore = new IndexedDbDeviceStore(browser, storeKey);
        _archive = new MessageArchive(browser, storeKey, loggers.CreateLogger<MessageArchive>());
        return new ChatalotClient(
            new ChatalotClientOptions
            {
                ServerUrl = serverUrl,
                DeviceName = DeviceName,
                DeviceStore = _deviceStore,
                // The refresh token lives in the sealed device store and rotates there, so an unlock after a reload
                // resumes the session (and works for two-factor accounts) without keeping the password anywhere.
                PersistSession = true,
                // A contact's new identity key blocks sending to them until the user accepts it in the warning banner,
                // after comparing safety numbers (chatalot-crypto.md, identity changes).
                IdentityChangePolicy = IdentityChangePolicy.BlockUntilAccepted,
                // 512 KiB chunks: an upload holds two in WebAssembly memory whatever the file's size, and the copy the
                // browser's HTTP handler makes of each request body stays small enough for the GC's large-object
                // sections (bigger arrays get memory of their own), as does the copy fetch makes in the JS heap.
                Attachments = new Chatalot.Client.Attachments.AttachmentOptions { UploadChunkSize = 512 * 1024 },
            },
            loggers,
            time);
    }

    /// <summary>
    /// Makes sure this tab is the only one using the device: a second tab on the same device store would advance the
    /// same ratchets from stale copies and break the sessions.
    /// </summary>
    private async Task LockDeviceAsync()
    {
        if (!await browser.AcquireDeviceLockAsync())
        {
            throw new VaultException("Chatalot is already open in another tab of this browser. Use that tab, or close it and try again.");
        }
    }

    private void CloseStores()
    {
        if (_storeKey is not null)
        {
            CryptographicOperations.ZeroMemory(_storeKey);
            _storeKey = null;
        }

        _deviceStore?.Dispose();
        _deviceStore = null;
        _archive?.Dispose();
        _archive = null;
        _loadedChannels.Clear();
        _archiveExhausted.Clear();
    }

    private async Task CompleteSignInAsync(ChatalotClient client, User user, string username, string passphrase)
    {
        await StartAsync(client, user);
        var contents = new VaultContents { Username = username, SavedAt = time.GetUtcNow(), DeviceId = client.CurrentDeviceId?.Value, DeviceStoreKey = _storeKey };
        await vault.SaveAsync(user.Id, contents, passphrase);
        LockedVault = await vault.LoadEnvelopeAsync();
    }

    private async Task StartAsync(ChatalotClient client, User user)
    {
        await StopAsync();
        StartError = null;
        Client = client;
        Me = user;
        Phase = SessionPhase.Connecting;
        Notify();
        await theme.LoadForUserAsync(user.Id);
        _subscriptions.Add(client.Events.On<MessageReceived>(OnMessageAsync));
        _subscriptions.Add(client.Events.On<MessageUndecryptable>(OnUndecryptableAsync));
        _subscriptions.Add(client.Events.On<IdentityChanged>(OnIdentityChangedAsync));
        _subscriptions.Add(client.Events.On<MemberJoined>(OnMemberJoinedAsync));
        _subscriptions.Add(client.Events.On<MemberRemoved>(OnMemberRemovedAsync));
        _subscriptions.Add(client.Events.On<MessageEdited>(OnEditedAsync));
        _subscriptions.Add(client.Events.On<MessageDeleted>(OnDeletedAsync));
        _subscriptions.Add(client.Events.On<TypingStarted>(OnTypingAsync));
        _subscriptions.Add(client.Events.On<PresenceChanged>(OnPresenceAsync));
        SubscribeConversations(client);
        _subscriptions.Add(client.Events.On<ConnectionStateChanged>((_, _) => { Notify(); return ValueTask.CompletedTask; }));
        SubscribeSessionEnd(client);
        SubscribeDirectoryEvents(client);
        SubscribeUnreadEvents(client);
        SubscribeNotificationEvents(client);
        SubscribeProfileEvents(client);
        SubscribeCommandEvents(client);
        SubscribeDeviceEvents(client);
        SubscribeCallEvents(client);
        await LoadNotificationSettingsAsync(user.Id);
        try
        {
            await client.ConnectAsync();
            await RefreshDirectoryAsync();
            await RestoreConversationsAsync();
            await LoadMyStatusAsync();
            await LoadCustomEmojiAsync();
            await LoadLinkRequestsAsync(client);
            await LoadVoiceStatesAsync();
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            // Back to the screen the user came from, with the reason: the sign-in or unlock form that started this was
            // replaced by the "connecting" view and can no longer show it. (Client messages carry codes, never secrets.)
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            _subscriptions.Clear();
            Client = null;
            Me = null;
            StartError = "Could not start this device: " + ex.Message;
            Phase = LockedVault is null ? SessionPhase.SignedOut : SessionPhase.Locked;
            Notify();
            throw;
        }

        Phase = SessionPhase.Ready;
        Notify();
        // History from before the reload is in the archive only: make it searchable (in the background).
        _ = IndexArchiveAsync();
    }

    private async Task StopAsync()
    {
        await StopMediaAsync();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        if (Client is { } client)
        {
            Client = null;
            await client.DisposeAsync();
        }

        _typing.Clear();
        _presence.Clear();
        ClearProfiles();
    }

    private void Notify() => Changed?.Invoke();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
