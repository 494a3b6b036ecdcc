using Chatalot.Protocol;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Conversations.Internal;

/// <summary>
/// Pinned messages (docs/protocol/rest.md §Pins): server-side metadata, so the limit and the role are enforced for
/// everyone instead of trusted to each client, as the former encrypted <c>pin</c>/<c>unpin</c> content kinds were.
/// </summary>
internal sealed class PinService(ChatalotDbContext db, Clock clock, Access access, IGatewayPublisher gateway)
{
    public async Task<IReadOnlyList<ChannelPin>> ListAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var rows = await db.ChannelPins.AsNoTracking().Where(p => p.ChannelId == channelId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderByDescending(p => p.PinnedAt).ThenByDescending(p => p.MessageId).Select(ToDto)];
    }

    /// <summary>Pins a message; pinning a pinned message returns the existing pin and announces nothing.</summary>
    public async Task<ChannelPin> PinAsync(Caller caller, Guid channelId, Guid messageId, CancellationToken cancellationToken)
    {
        var a = await RequirePinnerAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var existing = await db.ChannelPins.AsNoTracking().FirstOrDefaultAsync(p => p.ChannelId == channelId && p.MessageId == messageId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return ToDto(existing);
        }

        var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId && m.ChannelId == channelId).Select(m => new { m.DeletedAt })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The message");
        if (message.DeletedAt is not null)
        {
            throw Fail.Conflict("The message was deleted.");
        }

        if (await db.ChannelPins.CountAsync(p => p.ChannelId == channelId, cancellationToken).ConfigureAwait(false) >= ChatalotLimits.PinsPerChannelMax)
        {
            throw PinLimit();
        }

        var row = new ChannelPinRow { ChannelId = channelId, MessageId = messageId, PinnedBy = caller.UserId, PinnedAt = clock.UtcNow };
        db.ChannelPins.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false); // a concurrent pin of the same message is rerun by RaceSafeWriteFilter

        // Two pins of different messages may both pass the count above; the one that overshoots takes itself back, so
        // the limit holds under any interleaving (both may lose, never both win).
        if (await db.ChannelPins.CountAsync(p => p.ChannelId == channelId, cancellationToken).ConfigureAwait(false) > ChatalotLimits.PinsPerChannelMax)
        {
            await db.ChannelPins.Where(p => p.ChannelId == channelId && p.MessageId == messageId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            throw PinLimit();
        }

        await gateway.PublishToChannelAsync(channelId, new MessagePinnedEvent(channelId, messageId, row.PinnedBy, row.PinnedAt), DmUsers(a.Channel), cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    /// <summary>Unpins a message; unpinning a message that is not pinned succeeds and announces nothing.</summary>
    public async Task UnpinAsync(Caller caller, Guid channelId, Guid messageId, CancellationToken cancellationToken)
    {
        var a = await RequirePinnerAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var removed = await db.ChannelPins.Where(p => p.ChannelId == channelId && p.MessageId == messageId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            await gateway.PublishToChannelAsync(channelId, new MessageUnpinnedEvent(channelId, messageId), DmUsers(a.Channel), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A deleted message loses its pin; the caller has already checked the right to delete.</summary>
    public async Task UnpinDeletedAsync(ChannelRow channel, Guid messageId, CancellationToken cancellationToken)
    {
        var removed = await db.ChannelPins.Where(p => p.ChannelId == channel.Id && p.MessageId == messageId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            await gateway.PublishToChannelAsync(channel.Id, new MessageUnpinnedEvent(channel.Id, messageId), DmUsers(channel), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ChannelAccess> RequirePinnerAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        if (!a.CanPin)
        {
            throw Fail.Forbidden("This needs the pin_messages permission.");
        }

        Roles.Internal.ModerationRules.ThrowIfTimedOut(a.TimedOutUntil, clock.UtcNow);
        return a;
    }

    private static ChatalotServerException PinLimit() =>
        Fail.Code(ErrorCodes.PinLimitReached, 422, $"A channel holds at most {ChatalotLimits.PinsPerChannelMax} pinned messages; unpin one first.");

    internal static Guid[]? DmUsers(ChannelRow channel) =>
        channel.DmUserLow is { } a && channel.DmUserHigh is { } b ? [a, b] : null;

    private static ChannelPin ToDto(ChannelPinRow p) => new(p.ChannelId, p.MessageId, p.PinnedBy, p.PinnedAt);
}
