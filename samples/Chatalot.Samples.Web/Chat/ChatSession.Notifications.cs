using Chatalot.Client;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Desktop notifications (the browser's Notification API) for DMs and mentions, and per-channel mute. The server only
/// delivers the usual metadata (a message exists, in which channel, from whom); the notification's text is built here
/// from what this browser decrypted and never leaves it.
/// </summary>
public sealed partial class ChatSession
{
    private const int NotificationBodyLength = 140;
    private readonly HashSet<Guid> _muted = [];

    /// <summary>The browser's notification permission: <c>default</c> (not asked yet), <c>granted</c>, <c>denied</c> or <c>unsupported</c>.</summary>
    public string NotificationPermission { get; private set; } = "unsupported";

    /// <summary>Whether the "Enable desktop notifications" banner was dismissed on this account.</summary>
    public bool NotificationBannerDismissed { get; private set; }

    /// <summary>Whether a channel is muted on this account (no notifications, a dimmed unread state).</summary>
    public bool IsMuted(Guid channelId) => _muted.Contains(channelId);

    /// <summary>Mutes or unmutes a channel; stored per account in this browser.</summary>
    public async Task SetMutedAsync(Guid channelId, bool muted)
    {
        if (muted ? _muted.Add(channelId) : _muted.Remove(channelId))
        {
            Notify();
            if (Me is { } me)
            {
                await browser.StorageSetAsync(MutedKey(me.Id), string.Join(',', _muted));
            }
        }
    }

    /// <summary>Asks the browser for permission to notify (from a click: browsers ignore requests made without one).</summary>
    public async Task RequestNotificationPermissionAsync()
    {
        NotificationPermission = await browser.RequestNotificationPermissionAsync();
        Notify();
    }

    /// <summary>Hides the banner for this account (Settings can still enable notifications).</summary>
    public async Task DismissNotificationBannerAsync()
    {
        NotificationBannerDismissed = true;
        Notify();
        if (Me is { } me)
        {
            await browser.StorageSetAsync(BannerKey(me.Id), "1");
        }
    }

    private static string MutedKey(Guid userId) => "chatalot.muted." + userId;

    private static string BannerKey(Guid userId) => "chatalot.notifications-banner-dismissed." + userId;

    private void SubscribeNotificationEvents(ChatalotClient client) =>
        _subscriptions.Add(client.Events.On<MessageReceived>(OnMessageForNotificationAsync));

    /// <summary>Loads this account's mutes and the permission state, after sign-in.</summary>
    private async Task LoadNotificationSettingsAsync(Guid userId)
    {
        _muted.Clear();
        // A comma-separated list of channel ids; anything unreadable in it is skipped.
        foreach (var id in (await browser.StorageGetAsync(MutedKey(userId)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(id, out var channelId))
            {
                _muted.Add(channelId);
            }
        }

        NotificationBannerDismissed = await browser.StorageGetAsync(BannerKey(userId)) is not null;
        NotificationPermission = await browser.NotificationPermissionAsync();
    }

    private async ValueTask OnMessageForNotificationAsync(MessageReceived message, CancellationToken cancellationToken)
    {
        var channelId = message.ChannelId.Value;
        if (NotificationPermission != "granted" || message.IsCatchUp || message.Sender.UserId.Value == Me?.Id
            || !(message.IsDirect || message.MentionsMe) || IsMuted(channelId) || (channelId == ActiveChannel && IsPageVisible)
            || !IsShownAsMessage(message.Content))
        {
            return;
        }

        var sender = NameOf(message.Sender.UserId.Value);
        var title = message.IsDirect ? sender : sender + " in " + (FindChannel(channelId)?.Label ?? "a channel");
        var text = message.Text.ReplaceLineEndings(" ");
        var body = text.Length > NotificationBodyLength ? text[..NotificationBodyLength] + "…" : text;
        try
        {
            await browser.ShowNotificationAsync(title, body, "channels/" + channelId, channelId.ToString());
        }
        catch (Microsoft.JSInterop.JSException)
        {
            // The browser refused (permission revoked meanwhile): nothing to show.
        }
    }
}
