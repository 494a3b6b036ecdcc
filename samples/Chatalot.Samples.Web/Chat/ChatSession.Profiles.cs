using Chatalot.Client;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// Profiles, status and profile images: avatar ids of the people in view, their custom status, this user's chosen
/// status, and images decoded once into blob URLs (keyed by image id, so a new avatar is a new entry and a long
/// channel fetches each avatar once). Live through the SDK's <see cref="ProfileUpdated"/> and <see cref="PresenceChanged"/>.
/// </summary>
public sealed partial class ChatSession
{
    private readonly Dictionary<Guid, Guid?> _avatarIds = [];
    private readonly Dictionary<Guid, (string? Text, DateTimeOffset? ExpiresAt)> _customStatus = [];
    private readonly Dictionary<Guid, UserProfile> _profiles = [];

    // Image id → blob URL; a null value means "being fetched" or "not available", so each id is fetched once.
    private readonly Dictionary<Guid, string?> _imageUrls = [];

    /// <summary>The status this user chose (restored from the server after a reload); null before it is read.</summary>
    public UserStatus? MyStatus { get; private set; }

    /// <summary>The user whose profile card is open, or null.</summary>
    public Guid? ProfileCardUser { get; private set; }

    /// <summary>
    /// Bumped when a custom emoji image arrives or a community's emoji change: rendered message text depends on it (an
    /// avatar arriving does not re-render any Markdown).
    /// </summary>
    public int EmojiVersion { get; private set; }

    /// <summary>Opens the profile card of <paramref name="userId"/> (the shell shows it).</summary>
    public void ShowProfile(Guid userId)
    {
        ProfileCardUser = userId;
        Notify();
    }

    public void CloseProfile()
    {
        ProfileCardUser = null;
        Notify();
    }

    /// <summary>A user's custom status text, or null when none is set, it expired, or they appear offline.</summary>
    public string? CustomStatusOf(Guid userId)
    {
        if (userId == Me?.Id)
        {
            return MyStatus is { CustomText: { } mine } s && (s.CustomExpiresAt is null || s.CustomExpiresAt > time.GetUtcNow()) ? mine : null;
        }

        return _customStatus.TryGetValue(userId, out var status) && status.Text is not null
            && (status.ExpiresAt is null || status.ExpiresAt > time.GetUtcNow()) && PresenceOf(userId) != PresenceStatus.Offline
            ? status.Text
            : null;
    }

    /// <summary>The blob URL of a user's avatar, or null (none, or still loading: a fetch starts and the view updates).</summary>
    public string? AvatarUrlOf(Guid userId)
    {
        var avatar = userId == Me?.Id ? Me.AvatarId : _avatarIds.GetValueOrDefault(userId);
        return avatar is { } id ? ImageUrl(id, () => RequireClient().Profiles.GetAvatarAsync(new UserId(userId))) : null;
    }

    /// <summary>The blob URL of a user's banner from their loaded profile, or null.</summary>
    public string? BannerUrlOf(UserProfile profile) =>
        profile.BannerId is { } id ? ImageUrl(id, () => RequireClient().Profiles.GetBannerAsync(new UserId(profile.Id))) : null;

    /// <summary>Reads a user's profile (the card): names, bio, pronouns, images and status as others see it now.</summary>
    public async Task<UserProfile> LoadProfileAsync(Guid userId)
    {
        var profile = await RequireClient().Profiles.GetAsync(new UserId(userId));
        Remember(profile);
        return profile;
    }

    public UserProfile? CachedProfile(Guid userId) => _profiles.GetValueOrDefault(userId);

    public async Task UpdateProfileAsync(string displayName, string bio, string pronouns)
    {
        var user = await RequireClient().Profiles.UpdateAsync(displayName.Trim(), bio.Trim(), pronouns.Trim());
        Me = user;
        _names[user.Id] = user.DisplayName;
        Notify();
    }

    /// <summary>Uploads an avatar or banner (the SDK checks its type and signature first and throws typed errors).</summary>
    public async Task SetProfileImageAsync(bool banner, Stream image, string mediaType)
    {
        var profiles = RequireClient().Profiles;
        var profile = banner ? await profiles.SetBannerAsync(image, mediaType) : await profiles.SetAvatarAsync(image, mediaType);
        Remember(profile);
    }

    public async Task RemoveProfileImageAsync(bool banner)
    {
        var profiles = RequireClient().Profiles;
        if (banner)
        {
            await profiles.RemoveBannerAsync();
        }
        else
        {
            await profiles.RemoveAvatarAsync();
        }

        if (Me is { } me)
        {
            Remember(await profiles.GetAsync(new UserId(me.Id)));
        }
    }

    public async Task SetMyStatusAsync(PresenceStatus status, string? customText, DateTimeOffset? expiresAt)
    {
        MyStatus = await RequireClient().Profiles.SetStatusAsync(status, string.IsNullOrWhiteSpace(customText) ? null : customText.Trim(), expiresAt);
        RenderAtExpiry(MyStatus.CustomExpiresAt);
        Notify();
    }

    /// <summary>Reads this user's stored status (after sign-in or a reload); a failure leaves the default "online".</summary>
    private async Task LoadMyStatusAsync()
    {
        try
        {
            MyStatus = await RequireClient().Profiles.GetStatusAsync();
            RenderAtExpiry(MyStatus.CustomExpiresAt);
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException)
        {
            MyStatus = null;
        }
    }

    private void SubscribeProfileEvents(ChatalotClient client)
    {
        _subscriptions.Add(client.Events.On<ProfileUpdated>((updated, _) =>
        {
            Remember(updated.Profile);
            return ValueTask.CompletedTask;
        }));
        _subscriptions.Add(client.Events.On<CustomEmojiUpdated>((_, _) =>
        {
            EmojiVersion++;
            Notify();
            return ValueTask.CompletedTask;
        }));
    }

    private void NotePresence(PresenceChanged presence)
    {
        _customStatus[presence.UserId.Value] = (presence.CustomStatus, presence.CustomStatusExpiresAt);
        RenderAtExpiry(presence.CustomStatusExpiresAt);
    }

    /// <summary>Re-renders when a custom status lapses, so it disappears without another event.</summary>
    private void RenderAtExpiry(DateTimeOffset? expiresAt)
    {
        var wait = expiresAt - time.GetUtcNow();
        if (wait is { } delay && delay > TimeSpan.Zero && delay < TimeSpan.FromDays(7))
        {
            _ = ExpireStatusAsync(delay);
        }
    }

    private async Task ExpireStatusAsync(TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(50), time);
        Notify();
    }

    private void NoteAvatar(Guid userId, Guid? avatarId) => _avatarIds[userId] = avatarId;

    private void Remember(UserProfile profile)
    {
        _profiles[profile.Id] = profile;
        _avatarIds[profile.Id] = profile.AvatarId;
        _names[profile.Id] = profile.DisplayName;
        NoteBot(profile.Id, profile.IsBot);
        if (profile.Id != Me?.Id)
        {
            _customStatus[profile.Id] = (profile.CustomStatus, profile.CustomStatusExpiresAt);
            RenderAtExpiry(profile.CustomStatusExpiresAt);
        }
        else if (Me is { } me)
        {
            Me = me with { DisplayName = profile.DisplayName, AvatarId = profile.AvatarId };
        }

        Notify();
    }

    private string? ImageUrl(Guid imageId, Func<Task<ImageData>> fetch, bool emoji = false)
    {
        if (_imageUrls.TryGetValue(imageId, out var url))
        {
            return url;
        }

        _imageUrls[imageId] = null;
        _ = LoadImageAsync(imageId, fetch, emoji);
        return null;
    }

    private async Task LoadImageAsync(Guid imageId, Func<Task<ImageData>> fetch, bool emoji)
    {
        try
        {
            var image = await fetch();
            var id = await media.BeginAsync();
            await media.AppendAsync(id, image.Bytes.ToArray());
            _imageUrls[imageId] = await media.FinishAsync(id, image.MediaType);
            if (emoji)
            {
                EmojiVersion++;
            }

            Notify();
        }
        catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException or InvalidOperationException or Microsoft.JSInterop.JSException)
        {
            // Gone, or not visible to this user: the initial stands in, and this id is not asked for again.
        }
    }

    private void ClearProfiles()
    {
        foreach (var url in _imageUrls.Values.OfType<string>())
        {
            _ = media.RevokeAsync(url).AsTask();
        }

        _imageUrls.Clear();
        _avatarIds.Clear();
        _customStatus.Clear();
        _profiles.Clear();
        _emojiLoads.Clear();
        MyStatus = null;
        ProfileCardUser = null;
    }
}
