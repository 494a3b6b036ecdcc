using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Conversations.Internal;

/// <summary>
/// Read cursors shared by a user's devices (docs/protocol/rest.md §Read states). A cursor only moves forward, so
/// devices that report out of order never move it back; every move is told to the user's connections.
/// </summary>
internal sealed class ReadStateService(ChatalotDbContext db, Clock clock, Access access, IGatewayPublisher gateway)
{
    public async Task<ReadState> UpdateAsync(Caller caller, Guid channelId, UpdateReadStateRequest request, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var seq = await db.Messages.AsNoTracking().Where(m => m.Id == request.LastReadMessageId && m.ChannelId == channelId).Select(m => (long?)m.Seq)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw Fail.Validation("last_read_message_id", "The message is not in this channel.");
        if (await MoveAsync(caller.UserId, channelId, request.LastReadMessageId, seq, cancellationToken).ConfigureAwait(false))
        {
            await gateway.PublishToUsersAsync([caller.UserId], new ReadStateUpdatedEvent(channelId, request.LastReadMessageId), cancellationToken).ConfigureAwait(false);
        }

        return (await StatesAsync(caller.UserId, [channelId], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Every channel the caller can read, with its cursor and newest message.</summary>
    public async Task<IReadOnlyList<ReadState>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var ids = await access.ReadableChannelIdsAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        return await StatesAsync(caller.UserId, ids, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the cursor of every readable channel (of one community, when given) to its newest message.</summary>
    public async Task<IReadOnlyList<ReadState>> MarkAllAsync(Caller caller, MarkAllReadRequest request, CancellationToken cancellationToken)
    {
        var ids = await access.ReadableChannelIdsAsync(caller.UserId, cancellationToken).ConfigureAwait(false);
        if (request.CommunityId is { } communityId)
        {
            await access.RequireCommunityAsync(caller, communityId, Protocol.Communities.CommunityRole.Member, cancellationToken).ConfigureAwait(false);
            ids = await db.Channels.AsNoTracking().Where(c => ids.Contains(c.Id) && c.CommunityId == communityId).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var last in await LastMessagesAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            if (await MoveAsync(caller.UserId, last.ChannelId, last.Id, last.Seq, cancellationToken).ConfigureAwait(false))
            {
                await gateway.PublishToUsersAsync([caller.UserId], new ReadStateUpdatedEvent(last.ChannelId, last.Id), cancellationToken).ConfigureAwait(false);
            }
        }

        return await StatesAsync(caller.UserId, ids, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the cursor forward to <paramref name="seq"/>; false when it already was there or beyond.</summary>
    private async Task<bool> MoveAsync(Guid userId, Guid channelId, Guid messageId, long seq, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        // A conditional update is atomic: of two devices racing, the later message wins whatever the order.
        var moved = await db.ReadStates.Where(r => r.UserId == userId && r.ChannelId == channelId && r.LastReadSeq < seq)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LastReadMessageId, messageId).SetProperty(r => r.LastReadSeq, seq).SetProperty(r => r.UpdatedAt, now), cancellationToken)
            .ConfigureAwait(false);
        if (moved > 0)
        {
            return true;
        }

        if (await db.ReadStates.AnyAsync(r => r.UserId == userId && r.ChannelId == channelId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.ReadStates.Add(new ReadStateRow { UserId = userId, ChannelId = channelId, LastReadMessageId = messageId, LastReadSeq = seq, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false); // a concurrent first insert is rerun by RaceSafeWriteFilter
        return true;
    }

    private async Task<List<ReadState>> StatesAsync(Guid userId, List<Guid> channelIds, CancellationToken cancellationToken)
    {
        var cursors = await db.ReadStates.AsNoTracking().Where(r => r.UserId == userId && channelIds.Contains(r.ChannelId))
            .ToDictionaryAsync(r => r.ChannelId, r => r.LastReadMessageId, cancellationToken).ConfigureAwait(false);
        var last = (await LastMessagesAsync(channelIds, cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.ChannelId, m => m.Id);
        return [.. channelIds.Select(id => new ReadState(id, cursors.TryGetValue(id, out var read) ? read : null, last.TryGetValue(id, out var newest) ? newest : null))];
    }

    private async Task<List<LastMessage>> LastMessagesAsync(List<Guid> channelIds, CancellationToken cancellationToken)
    {
        var seqs = await db.Messages.AsNoTracking().Where(m => channelIds.Contains(m.ChannelId)).GroupBy(m => m.ChannelId)
            .Select(g => g.Max(m => m.Seq)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await db.Messages.AsNoTracking().Where(m => seqs.Contains(m.Seq)).Select(m => new LastMessage(m.ChannelId, m.Id, m.Seq))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record LastMessage(Guid ChannelId, Guid Id, long Seq);
}
