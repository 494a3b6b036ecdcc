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

        // Larger pages than scrolling uses: a jump goes straight to its message, however far back it is.
        const int JumpPage = 500;
        var list = ListOf(channelId);
        while (!cancellationToken.IsCancellationRequested && HasEarlier(channelId))
        {
            var page = await archive.LoadPageAsync(channelId, list.Count > 0 ? list[0] : null, JumpPage);
            if (page.Count < JumpPage)
            {
                _archiveExhausted.Add(channelId);
            }

            var known = list.Select(m => m.Id).ToHashSet();
            list.InsertRange(0, page.Where(m => !known.Contains(m.Id)));
            if (page.Any(m => m.Id == messageId) || page.Count == 0)
            {
                break;
            }
        }

        Notify();

        return MessagesOf(channelId).Any(m => m.Id == messageId);
    }
}
