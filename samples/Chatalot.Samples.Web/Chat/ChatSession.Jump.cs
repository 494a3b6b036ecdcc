namespace Chatalot.Samples.Web.Chat;

/// <summary>Showing one message (replies, search results, pins, bookmarks): finding it in memory or in the archive.</summary>
public sealed partial class ChatSession
{
    /// <summary>A jump asked for but not yet carried out: the message list of that channel takes it when it opens.</summary>
    public (Guid ChannelId, Guid MessageId)? PendingJump { get; set; }

    /// <summary>
    /// Makes message <paramref name="messageId"/> of a channel be in memory, loading older pages from the archive until
    /// it is; false when this browser never had it (sent before this device existed, or deleted).
    /// </summary>
    public async Task<bool> LoadUntilAsync(Guid channelId, Guid messageId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(channelId);
        if (MessagesOf(channelId).Any(m => m.Id == messageId))
        {
            return true;
        }

        if (_archive is not { } archive || !await archive.ContainsAsync(channelId, messageId))
        {
            return false;
        }

        while (!cancellationToken.IsCancellationRequested && HasEarlier(channelId))
        {
            if (await LoadEarlierAsync(channelId) == 0)
            {
                break;
            }

            if (MessagesOf(channelId).Any(m => m.Id == messageId))
            {
                return true;
            }
        }

        return MessagesOf(channelId).Any(m => m.Id == messageId);
    }
}
