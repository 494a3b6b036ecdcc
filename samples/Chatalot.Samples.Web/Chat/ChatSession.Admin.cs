using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Admin;

namespace Chatalot.Samples.Web.Chat;

/// <summary>The instance side of the session: the first-run claim, the announcement banner and who sees the admin panel.</summary>
public sealed partial class ChatSession
{
    /// <summary>The server is not claimed yet: the register form becomes "Claim this server" and asks for the setup code.</summary>
    public bool SetupRequired { get; private set; }

    /// <summary>The announcement banner in force (<c>GET /server</c>, then <c>server_updated</c>), or null.</summary>
    public ServerBanner? Banner { get; private set; }

    /// <summary>Instance administrators and the owner see the admin panel.</summary>
    public bool IsInstanceAdmin => Me?.Role is InstanceRole.Admin or InstanceRole.Owner;

    /// <summary>Whether the banner should show now (its expiry passed: hidden without waiting for an event).</summary>
    public bool BannerVisible => Banner is { } b && (b.ExpiresAt is null || b.ExpiresAt > DateTimeOffset.UtcNow);

    private void ApplyServerInfo(ServerInfo info)
    {
        SetupRequired = info.SetupRequired;
        Banner = info.Banner;
        RegistrationMode = info.RegistrationMode;
    }

    private void SubscribeServerEvents(ChatalotClient client) =>
        _subscriptions.Add(client.Events.On<ServerUpdated>((e, _) =>
        {
            ApplyServerInfo(e.Server);
            Notify();
            return ValueTask.CompletedTask;
        }));

    /// <summary>Applies settings an administrator just saved here (the event follows, this is for the one who saved).</summary>
    public void ApplySettings(ServerSettings settings)
    {
        Banner = settings.Banner;
        RegistrationMode = settings.RegistrationMode;
        Notify();
    }
}
