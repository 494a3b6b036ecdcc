using Chatalot.Client;
using Chatalot.Protocol.Gateway;

namespace Chatalot.Samples.Web.Chat;

/// <summary>Who is typing where, and who is online: transient state from the gateway, never stored.</summary>
public sealed partial class ChatSession
{
    // A typing notice lives as long as the server says, clamped so that a skewed server clock neither hides it at
    // once nor keeps it up for long after the person stopped.
    private static readonly TimeSpan MinTyping = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxTyping = TimeSpan.FromSeconds(10);
    private readonly Dictionary<Guid, Dictionary<Guid, DateTimeOffset>> _typing = [];
    private readonly Dictionary<Guid, PresenceStatus> _presence = [];

    /// <summary>The names of the others typing in a channel right now.</summary>
    public IReadOnlyList<string> TypingIn(Guid channelId)
    {
        if (!_typing.TryGetValue(channelId, out var users))
        {
            return [];
        }

        var now = time.GetUtcNow();
        return [.. users.Where(u => u.Value > now && u.Key != Me?.Id).Select(u => NameOf(u.Key)).Order(StringComparer.CurrentCulture)];
    }

    /// <summary>A user's presence as last reported (offline when never reported: the server only tells about online mates).</summary>
    public PresenceStatus PresenceOf(Guid userId) =>
        userId == Me?.Id
            ? (Client?.State == ConnectionState.Connected ? MyStatus?.Status ?? PresenceStatus.Online : PresenceStatus.Offline)
            : _presence.GetValueOrDefault(userId, PresenceStatus.Offline);

    private ValueTask OnTypingAsync(TypingStarted typing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lasts = typing.ExpiresAt - now;
        lasts = lasts < MinTyping ? MinTyping : lasts > MaxTyping ? MaxTyping : lasts;
        if (!_typing.TryGetValue(typing.ChannelId.Value, out var users))
        {
            _typing[typing.ChannelId.Value] = users = [];
        }

        users[typing.UserId.Value] = now + lasts;
        Notify();
        // Re-render when it lapses, so the indicator goes away without another event.
        _ = ExpireTypingAsync(lasts);
        return ValueTask.CompletedTask;
    }

    private async Task ExpireTypingAsync(TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(50), time);
        Notify();
    }

    /// <summary>A message from someone ends their typing notice in that channel.</summary>
    private void StopTyping(Guid channelId, Guid userId)
    {
        if (_typing.TryGetValue(channelId, out var users) && users.Remove(userId))
        {
            Notify();
        }
    }

    private ValueTask OnPresenceAsync(PresenceChanged presence, CancellationToken cancellationToken)
    {
        _presence[presence.UserId.Value] = presence.Status;
        NotePresence(presence);
        Notify();
        return ValueTask.CompletedTask;
    }
}
