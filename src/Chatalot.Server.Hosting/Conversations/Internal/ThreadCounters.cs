using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Conversations.Internal;

/// <summary>
/// Reply counts and last-reply times of thread roots, computed from the replies' plaintext <c>thread_root_id</c>
/// (content.md §7) rather than stored on the root, so group-committed sends never update a second row.
/// </summary>
internal sealed class ThreadCounters(ChatalotDbContext db)
{
    public sealed record Counter(Guid RootId, int ReplyCount, long LastSeq, Guid LastReplyId, DateTimeOffset LastReplyAt);

    /// <summary>The counters of the roots among <paramref name="rootIds"/> that have replies not deleted.</summary>
    public async Task<Dictionary<Guid, Counter>> OfAsync(IReadOnlyCollection<Guid> rootIds, CancellationToken cancellationToken)
    {
        if (rootIds.Count == 0)
        {
            return [];
        }

        var groups = await db.Messages.AsNoTracking().Where(m => m.ThreadRootId != null && rootIds.Contains(m.ThreadRootId.Value) && m.DeletedAt == null)
            .GroupBy(m => m.ThreadRootId!.Value).Select(g => new { Root = g.Key, Count = g.Count(), Last = g.Max(m => m.Seq) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await WithLastRepliesAsync([.. groups.Select(g => (g.Root, g.Count, g.Last))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of a channel's threads, newest activity first, older than the reply <paramref name="beforeSeq"/>.</summary>
    public async Task<List<Counter>> PageAsync(Guid channelId, long? beforeSeq, int take, CancellationToken cancellationToken)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.ChannelId == channelId && m.ThreadRootId != null && m.DeletedAt == null)
            .GroupBy(m => m.ThreadRootId!.Value).Select(g => new { Root = g.Key, Count = g.Count(), Last = g.Max(m => m.Seq) });
        if (beforeSeq is { } before)
        {
            query = query.Where(g => g.Last < before);
        }

        var groups = await query.OrderByDescending(g => g.Last).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        var counters = await WithLastRepliesAsync([.. groups.Select(g => (g.Root, g.Count, g.Last))], cancellationToken).ConfigureAwait(false);
        return [.. groups.Select(g => counters[g.Root])];
    }

    /// <summary>The messages with their thread counters set (roots only; every other message is returned as is).</summary>
    public async Task<List<Message>> FillAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var counters = await OfAsync([.. messages.Where(m => m.ThreadRootId is null).Select(m => m.Id)], cancellationToken).ConfigureAwait(false);
        return [.. messages.Select(m => counters.TryGetValue(m.Id, out var c) ? m with { ThreadReplyCount = c.ReplyCount, ThreadLastReplyAt = c.LastReplyAt } : m)];
    }

    public async Task<Message> FillAsync(Message message, CancellationToken cancellationToken) =>
        message.ThreadRootId is null ? (await FillAsync([message], cancellationToken).ConfigureAwait(false))[0] : message;

    /// <summary>The <c>thread_updated</c> event for a root after a reply was added or deleted.</summary>
    public async Task<ThreadUpdatedEvent> EventAsync(Guid channelId, Guid rootId, CancellationToken cancellationToken)
    {
        var counters = await OfAsync([rootId], cancellationToken).ConfigureAwait(false);
        return counters.TryGetValue(rootId, out var c)
            ? new ThreadUpdatedEvent(channelId, rootId, c.ReplyCount, c.LastReplyAt)
            : new ThreadUpdatedEvent(channelId, rootId, 0, null);
    }

    private async Task<Dictionary<Guid, Counter>> WithLastRepliesAsync(List<(Guid Root, int Count, long Last)> groups, CancellationToken cancellationToken)
    {
        var seqs = groups.Select(g => g.Last).ToList();
        var last = await db.Messages.AsNoTracking().Where(m => seqs.Contains(m.Seq)).Select(m => new { m.Seq, m.Id, m.CreatedAt })
            .ToDictionaryAsync(m => m.Seq, cancellationToken).ConfigureAwait(false);
        return groups.Where(g => last.ContainsKey(g.Last))
            .ToDictionary(g => g.Root, g => new Counter(g.Root, g.Count, g.Last, last[g.Last].Id, last[g.Last].CreatedAt));
    }
}
