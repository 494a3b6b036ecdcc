using Chatalot.Protocol;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Conversations.Internal;

/// <summary>A channel's thread list (docs/protocol/rest.md §Threads); a thread's replies page through the message list.</summary>
internal sealed class ThreadService(ChatalotDbContext db, Access access, ThreadCounters counters)
{
    public async Task<ThreadList> ListAsync(Caller caller, Guid channelId, Guid? before, int? limit, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var take = Check.PageSize(limit, ChatalotLimits.ThreadPageMaxSize);
        long? beforeSeq = null;
        if (before is { } beforeId)
        {
            beforeSeq = await db.Messages.AsNoTracking().Where(m => m.Id == beforeId && m.ChannelId == channelId).Select(m => (long?)m.Seq)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
                ?? throw Fail.Validation("before", "The cursor message is not in this channel.");
        }

        var page = await counters.PageAsync(channelId, beforeSeq, take + 1, cancellationToken).ConfigureAwait(false);
        var rootIds = page.Select(c => c.RootId).ToList();
        var roots = await db.Messages.AsNoTracking().Where(m => rootIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken).ConfigureAwait(false);
        var threads = page.Take(take).Where(c => roots.ContainsKey(c.RootId))
            .Select(c => new ThreadSummary(
                MessageService.ToDto(roots[c.RootId]) with { ThreadReplyCount = c.ReplyCount, ThreadLastReplyAt = c.LastReplyAt },
                c.LastReplyId))
            .ToList();
        return new ThreadList(threads, page.Count > take);
    }
}
