using Chatalot.Client;
using Chatalot.Protocol.Accounts;
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
    ThemeService theme,
    Uri serverUrl,
    ILoggerFactory loggers,
    TimeProvider time) : IAsyncDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    public SessionPhase Phase { get; private set; } = SessionPhase.Starting;

    public ChatalotClient? Client { get; private set; }

    public User? Me { get; private set; }

    public VaultEnvelope? LockedVault { get; private set; }

    public RegistrationMode? RegistrationMode { get; private set; }

    public string? Status { get; private set; }

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
            RegistrationMode = (await probe.Rest.GetServerInfoAsync()).RegistrationMode;
        }
        catch (Exception ex) when (ex is HttpRequestException or ChatalotClientException)
        {
            Status = "The server is not reachable right now.";
        }

        Notify();
    }

    public async Task RegisterAsync(string username, string password, string? displayName, string? inviteCode, string passphrase)
    {
        var client = CreateClient();
        try
        {
            var auth = await client.Rest.RegisterAsync(new RegisterRequest(username, password, NullIfEmpty(displayName), NullIfEmpty(inviteCode), DeviceName));
            await CompleteSignInAsync(client, auth.User, username, password, passphrase);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task LoginAsync(string username, string password, string passphrase)
    {
        var client = CreateClient();
        try
        {
            var auth = await client.Rest.LoginAsync(new LoginRequest(username, password, DeviceName));
            await CompleteSignInAsync(client, auth.User, username, password, passphrase);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the vault with the passphrase and signs in with what it holds; throws <see cref="VaultException"/>.</summary>
    public async Task UnlockAsync(string passphrase)
    {
        var envelope = LockedVault ?? throw new VaultException("Nothing to unlock.");
        var contents = KeyVault.Open(envelope, passphrase);
        var client = CreateClient();
        AuthResponse auth;
        try
        {
            auth = await client.Rest.LoginAsync(new LoginRequest(contents.Username, contents.Password, DeviceName));
            await StartAsync(client, auth.User);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        if (contents.DeviceId is { } previous && previous != client.CurrentDeviceId?.Value)
        {
            try
            {
                await client.Rest.DeleteDeviceAsync(new DeviceId(previous));
            }
            catch (ChatalotClientException)
            {
                // Already gone (deleted from another session): nothing to clean up.
            }
        }

        await vault.SaveAsync(auth.User.Id, contents with { DeviceId = client.CurrentDeviceId?.Value, SavedAt = time.GetUtcNow() }, passphrase);
    }

    /// <summary>Signs out on the server, forgets the vault in this browser and returns to the sign-in screen.</summary>
    public async Task LogoutAsync()
    {
        if (Client is { } client)
        {
            try
            {
                await client.Rest.LogoutAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or ChatalotClientException)
            {
                // Signing out locally still matters when the server cannot be reached.
            }
        }

        await StopAsync();
        await vault.ForgetAsync();
        LockedVault = null;
        Me = null;
        ClearDirectory();
        await theme.LoadForUserAsync(null);
        Phase = SessionPhase.SignedOut;
        Notify();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private const string DeviceName = "Chatalot web";

    private ChatalotClient CreateClient() => new(
        new ChatalotClientOptions
        {
            ServerUrl = serverUrl,
            DeviceName = DeviceName,
            // A contact's new identity key blocks sending to them until the user accepts it in the warning banner,
            // after comparing safety numbers (chatalot-crypto.md, identity changes).
            IdentityChangePolicy = IdentityChangePolicy.BlockUntilAccepted,
        },
        loggers,
        time);

    private async Task CompleteSignInAsync(ChatalotClient client, User user, string username, string password, string passphrase)
    {
        await StartAsync(client, user);
        var contents = new VaultContents { Username = username, Password = password, SavedAt = time.GetUtcNow(), DeviceId = client.CurrentDeviceId?.Value };
        await vault.SaveAsync(user.Id, contents, passphrase);
        LockedVault = await vault.LoadEnvelopeAsync();
    }

    private async Task StartAsync(ChatalotClient client, User user)
    {
        await StopAsync();
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
        _subscriptions.Add(client.Events.On<ConnectionStateChanged>((_, _) => { Notify(); return ValueTask.CompletedTask; }));
        await client.ConnectAsync();
        await RefreshDirectoryAsync();
        Phase = SessionPhase.Ready;
        Notify();
    }

    private async Task StopAsync()
    {
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
    }

    private void Notify() => Changed?.Invoke();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
