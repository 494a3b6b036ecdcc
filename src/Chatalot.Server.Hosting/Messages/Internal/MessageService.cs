using Chatalot.Protocol;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Roles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Attachments.Internal;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Conversations.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Messages.Internal;

/// <summary>
/// Messages: idempotent sends acknowledged only after the durable write, edits with history, soft deletes, replies and
/// cursor pagination. Bodies are opaque envelopes.
/// </summary>
internal sealed class MessageService(
    ChatalotDbContext db,
    Clock clock,
    Access access,
    SendAuthorizer sendAuthorizer,
    IGatewayPublisher gateway,
    MessageWriter writer,
    ChatalotMetrics metrics,
    ThreadCounters threads,
    PinService pins,
    AttachmentReferences attachments,
    AttachmentCleaner attachmentCleaner,
    Reports.Internal.FrankingKeys franking,
    Audit.Internal.AuditLog audit,
    Microsoft.Extensions.Options.IOptions<ChatalotServerOptions> options)
{
    /// <summary>A send, checked, queued, committed and published; the REST route's path.</summary>
    public async Task<(Message Message, bool Created)> SendAsync(Caller caller, Guid channelId, SendMessageRequest request, CancellationToken cancellationToken)
    {
        var committed = await QueueSendAsync(caller, channelId, request, cancellationToken).ConfigureAwait(false);
        var outcome = await committed.ConfigureAwait(false);
        await PublishAsync(outcome, cancellationToken).ConfigureAwait(false);
        return (outcome.Message, outcome.Created);
    }

    /// <summary>
    /// Runs every check and queues the row for the group commit. The outer await ends once the row is queued (or the
    /// send was answered from a stored retry); the returned task completes once the row is committed. A caller that
    /// pipelines (the gateway) waits only for the first part before taking the next frame, so one connection's sends
    /// are queued, and therefore stored, in the order it sent them. Nothing is published: see <see cref="PublishAsync"/>.
    /// Checks throw <see cref="ChatalotServerException"/> from the outer await; the scope must outlive the returned task.
    /// </summary>
    public async ValueTask<Task<SendOutcome>> QueueSendAsync(Caller caller, Guid channelId, SendMessageRequest request, CancellationToken cancellationToken)
    {
        // Hot path: every check below is answered from the authorisation cache when warm, and the idempotency key is
        // checked by the insert itself (unique index), so a first send costs no database read at all.
        var permission = await sendAuthorizer.ChannelAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The channel");
        var key = request.IdempotencyKey ?? "";
        if (key.Length is 0 or > ChatalotLimits.IdempotencyKeyMaxLength || !IsPrintableAscii(key))
        {
            throw Fail.Validation("idempotency_key", $"Must be 1-{ChatalotLimits.IdempotencyKeyMaxLength} printable ASCII characters.");
        }

        MessageRow row;
        Guid[]? attachmentIds;
        try
        {
            row = await PrepareAsync(caller, permission, request, key, cancellationToken).ConfigureAwait(false);
            attachmentIds = await attachments.CheckAsync(caller.UserId, request.AttachmentIds, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotServerException)
        {
            // A retry returns the stored message even if a rule changed since the first attempt (slow mode, archive,
            // device removed): only a failing send pays for this look-up.
            var stored = await FindByKeyAsync(channelId, caller.UserId, key, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                // Not announced again: the sender may no longer reach the channel.
                return Task.FromResult(new SendOutcome(await attachments.FillAsync(ToDto(stored), cancellationToken).ConfigureAwait(false), false, null, Announce: false));
            }

            throw;
        }

        // The wait for the commit is not cancellable: once queued the row is written anyway, and its event must follow.
        var committed = CommitAsync(writer.WriteAsync(row, attachmentIds, CancellationToken.None), row, request, attachmentIds, permission.DmUsers);
        if (permission.SlowModeSeconds > 0 && !permission.CanModerate && !permission.IsDm)
        {
            // Slow mode reads the sender's last committed message: a pipelined next send must not be checked before
            // this one is stored, or a burst would slip through. Such sends are not pipelined.
            await committed.ConfigureAwait(false);
        }

        return committed;
    }

    /// <summary>
    /// Announces a stored message to the channel, and for a thread reply the root's new counters (<c>thread_updated</c>).
    /// </summary>
    /// <remarks>
    /// In a cluster an answered retry is announced again: the first attempt may have been committed by a node that died
    /// before it announced it (the client retrying on another node), and no member catches up on that by itself, so
    /// acknowledging the retry must not leave the message unannounced. Clients drop the repeat by message id. A single
    /// node that dies ends every session, so its clients catch up over REST: there a retry announces nothing.
    /// </remarks>
    public async ValueTask PublishAsync(SendOutcome outcome, CancellationToken cancellationToken)
    {
        if (!outcome.Announce)
        {
            return;
        }

        var message = outcome.Message;
        await gateway.PublishToChannelAsync(message.ChannelId, new MessageCreatedEvent(message), outcome.DmUsers, cancellationToken).ConfigureAwait(false);
        if (message.ThreadRootId is { } root)
        {
            var evt = await threads.EventAsync(message.ChannelId, root, cancellationToken).ConfigureAwait(false);
            await gateway.PublishToChannelAsync(message.ChannelId, evt, outcome.DmUsers, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SendOutcome> CommitAsync(Task<bool> written, MessageRow row, SendMessageRequest request, Guid[]? attachmentIds, Guid[]? dmUsers)
    {
        if (!await written.ConfigureAwait(false))
        {
            // The key was already taken (a retry, or a concurrent one that won the unique index): answer with its message.
            var winner = await FindByKeyAsync(row.ChannelId, row.SenderId, row.IdempotencyKey, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException("A message insert was skipped as a duplicate but no message holds its idempotency key.");
            return new SendOutcome(await attachments.FillAsync(ToDto(winner), CancellationToken.None).ConfigureAwait(false), false, dmUsers, Announce: options.Value.ScaleOut.Enabled && winner.DeletedAt is null);
        }

        metrics.MessageStored();
        return new SendOutcome(ToDto(row, request.Envelope) with { AttachmentIds = attachmentIds }, true, dmUsers);
    }

    private async ValueTask<MessageRow> PrepareAsync(Caller caller, SendPermission permission, SendMessageRequest request, string key, CancellationToken cancellationToken)
    {
        var envelope = EnvelopeCodec.Encode(request.Envelope ?? throw Fail.Validation("envelope", "Required."), permission.IsDm);
        var commitment = RequireCommitment(request.FrankCommitment);
        if (!await sendAuthorizer.DeviceExistsAsync(caller.UserId, request.SenderDeviceId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Validation("sender_device_id", "The sending device has no published keys.");
        }

        await CheckPostingRulesAsync(caller, permission, cancellationToken).ConfigureAwait(false);
        if (request.ReplyToId is { } replyTo && !await db.Messages.AnyAsync(m => m.Id == replyTo && m.ChannelId == permission.ChannelId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Validation("reply_to_id", "Replies must target a message of the same channel.");
        }

        if (request.ThreadRootId is { } root &&
            !await db.Messages.AnyAsync(m => m.Id == root && m.ChannelId == permission.ChannelId && m.ThreadRootId == null, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Validation("thread_root_id", "A thread root is a message of the same channel that is not itself in a thread.");
        }

        var id = clock.NewId();
        var now = clock.UtcNow;
        var (tag, keyId) = franking.Tag(commitment, caller.UserId, permission.ChannelId, id, now);
        return new MessageRow
        {
            Id = id,
            ChannelId = permission.ChannelId,
            SenderId = caller.UserId,
            SenderDeviceId = request.SenderDeviceId,
            IdempotencyKey = key,
            Envelope = envelope,
            ReplyToId = request.ReplyToId,
            ThreadRootId = request.ThreadRootId,
            CreatedAt = now,
            FrankCommitment = commitment,
            FrankTag = tag,
            FrankKeyId = keyId,
        };
    }

    // Every new body carries a franking commitment (crypto.md §14.2): without one a sender could write unreportable text.
    private static byte[] RequireCommitment(byte[]? commitment) =>
        commitment is { Length: Protocol.Messages.FrankingFormat.Length } ? commitment
            : throw Fail.Validation("frank_commitment", "Every message carries a 32-byte franking commitment (crypto.md §14).");

    private static bool IsPrintableAscii(string key)
    {
        foreach (var ch in key)
        {
            if (ch is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A page of the channel (every message, thread replies included) or, with <paramref name="thread"/>, of one thread's replies.</summary>
    public async Task<MessageList> ListAsync(Caller caller, Guid channelId, Guid? before, Guid? after, Guid? around, int? limit, Guid? thread, CancellationToken cancellationToken)
    {
        var page = await PageAsync(caller, channelId, before, after, around, limit, thread, cancellationToken).ConfigureAwait(false);
        var filled = await threads.FillAsync(page.Messages, cancellationToken).ConfigureAwait(false);
        return page with { Messages = await attachments.FillAsync(filled, cancellationToken).ConfigureAwait(false) };
    }

    private async Task<MessageList> PageAsync(Caller caller, Guid channelId, Guid? before, Guid? after, Guid? around, int? limit, Guid? thread, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var take = Check.PageSize(limit, ChatalotLimits.MessagePageMaxSize);
        if (new[] { before, after, around }.Count(x => x is not null) > 1)
        {
            throw Fail.Validation("before", "Use at most one of before, after and around.");
        }

        var all = db.Messages.AsNoTracking().Where(m => m.ChannelId == channelId);
        if (thread is { } root)
        {
            if (!await all.AnyAsync(m => m.Id == root, cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Validation("thread", "The thread root is not in this channel.");
            }

            all = all.Where(m => m.ThreadRootId == root);
        }

        if (after is { } afterId)
        {
            var seq = await SeqOfAsync(channelId, afterId, "after", cancellationToken).ConfigureAwait(false);
            var rows = await all.Where(m => m.Seq > seq).OrderBy(m => m.Seq).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            return new MessageList([.. rows.Take(take).Select(ToDto)], true, rows.Count > take);
        }

        if (around is { } aroundId)
        {
            var seq = await SeqOfAsync(channelId, aroundId, "around", cancellationToken).ConfigureAwait(false);
            var olderCount = (take - 1) / 2;
            var older = await all.Where(m => m.Seq < seq).OrderByDescending(m => m.Seq).Take(olderCount + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            var newer = await all.Where(m => m.Seq >= seq).OrderBy(m => m.Seq).Take(take - Math.Min(older.Count, olderCount) + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            var newerTake = take - Math.Min(older.Count, olderCount);
            var page = older.Take(olderCount).Reverse().Concat(newer.Take(newerTake)).Select(ToDto).ToList();
            return new MessageList(page, older.Count > olderCount, newer.Count > newerTake);
        }

        var query = all;
        if (before is { } beforeId)
        {
            var seq = await SeqOfAsync(channelId, beforeId, "before", cancellationToken).ConfigureAwait(false);
            query = query.Where(m => m.Seq < seq);
        }

        var latest = await query.OrderByDescending(m => m.Seq).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new MessageList([.. latest.Take(take).Reverse().Select(ToDto)], latest.Count > take, before is not null);
    }

    public async Task<Message> GetAsync(Caller caller, Guid channelId, Guid messageId, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var message = await threads.FillAsync(ToDto(await RowAsync(channelId, messageId, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return await attachments.FillAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the body, keeping the previous one in the history, and announces <c>message_updated</c>. Idempotent: an
    /// edit whose envelope encodes to the current body (a replay) changes nothing, announces nothing and returns the
    /// message as it is, even if the channel was archived since; so a client that lost the answer may simply retry.
    /// </summary>
    public async Task<Message> EditAsync(Caller caller, Guid channelId, Guid messageId, EditMessageRequest request, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var row = await RowAsync(channelId, messageId, cancellationToken).ConfigureAwait(false);
        if (row.SenderId != caller.UserId)
        {
            throw Fail.Forbidden("Only the sender edits a message.");
        }

        Roles.Internal.ModerationRules.ThrowIfTimedOut(a.TimedOutUntil, clock.UtcNow);

        if (row.DeletedAt is not null || row.Envelope is null)
        {
            throw Fail.Conflict("The message was deleted.");
        }

        var envelope = EnvelopeCodec.Encode(request.Envelope ?? throw Fail.Validation("envelope", "Required."), a.Channel.Type == (int)ChannelType.Dm);
        var commitment = RequireCommitment(request.FrankCommitment);
        if (envelope.AsSpan().SequenceEqual(row.Envelope))
        {
            return await attachments.FillAsync(await threads.FillAsync(ToDto(row), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        if (a.Channel.Archived)
        {
            throw Fail.Code(ErrorCodes.ChannelArchived, 403, "The channel is archived.");
        }

        if (await attachments.CheckAsync(caller.UserId, request.AttachmentIds, cancellationToken).ConfigureAwait(false) is { } attachmentIds)
        {
            await attachments.AddAsync(row.Id, attachmentIds, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.UtcNow;
        db.MessageEdits.Add(new MessageEditRow { Id = clock.NewId(), MessageId = row.Id, Envelope = row.Envelope, EditedAt = now });
        row.Envelope = envelope;
        row.EditedAt = now;

        // An edit is franked like a new message: its own commitment, tagged at the edit's time (crypto.md §14.2).
        row.FrankCommitment = commitment;
        (row.FrankTag, row.FrankKeyId) = franking.Tag(commitment, row.SenderId, row.ChannelId, row.Id, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var dto = await attachments.FillAsync(await threads.FillAsync(ToDto(row), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await gateway.PublishToChannelAsync(channelId, new MessageUpdatedEvent(dto), DmUsers(a.Channel), cancellationToken).ConfigureAwait(false);
        return dto;
    }

    /// <summary>
    /// Soft delete: the body and edit history go at once; the row (without body) stays until the purge. Idempotent:
    /// deleting a deleted message succeeds and announces nothing; of concurrent deletes only the one that flips the
    /// row announces <c>message_deleted</c>.
    /// </summary>
    public async Task DeleteAsync(Caller caller, Guid channelId, Guid messageId, CancellationToken cancellationToken)
    {
        var a = await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        var row = await RowAsync(channelId, messageId, cancellationToken).ConfigureAwait(false);
        if (row.SenderId != caller.UserId && !a.CanModerate)
        {
            throw Fail.Forbidden("Only the sender or a moderator deletes a message.");
        }

        if (await SoftDeleteAsync(a.Channel, row, cancellationToken).ConfigureAwait(false) && row.SenderId != caller.UserId && a.Channel.CommunityId is { } community)
        {
            audit.Record(Protocol.Audit.AuditAction.MessageDeleted, caller.UserId, community, row.SenderId, row.Id);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The soft delete itself, for one's own message, a moderator's delete, a bulk delete or a ban's clean-up: true
    /// when this call flipped the row (and so announced <c>message_deleted</c>), false when it was already deleted.
    /// </summary>
    internal async Task<bool> SoftDeleteAsync(ChannelRow channel, MessageRow row, CancellationToken cancellationToken)
    {
        if (row.DeletedAt is not null)
        {
            return false;
        }

        var channelId = channel.Id;
        var messageId = row.Id;
        var now = clock.UtcNow;
        var flipped = await db.Messages.Where(m => m.Id == row.Id && m.DeletedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Envelope, (byte[]?)null).SetProperty(m => m.DeletedAt, now), cancellationToken).ConfigureAwait(false);
        if (flipped == 0)
        {
            return false;
        }

        await db.MessageEdits.Where(e => e.MessageId == row.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        // Its attachments go with it once nothing else references them (a forward keeps them).
        await attachmentCleaner.ReleaseAsync([row.Id], cancellationToken).ConfigureAwait(false);
        await gateway.PublishToChannelAsync(channelId, new MessageDeletedEvent(channelId, messageId), DmUsers(channel), cancellationToken).ConfigureAwait(false);
        await pins.UnpinDeletedAsync(channel, messageId, cancellationToken).ConfigureAwait(false);
        if (row.ThreadRootId is { } root)
        {
            var evt = await threads.EventAsync(channelId, root, cancellationToken).ConfigureAwait(false);
            await gateway.PublishToChannelAsync(channelId, evt, DmUsers(channel), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async Task<IReadOnlyList<MessageEdit>> HistoryAsync(Caller caller, Guid channelId, Guid messageId, CancellationToken cancellationToken)
    {
        await access.RequireChannelAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        await RowAsync(channelId, messageId, cancellationToken).ConfigureAwait(false);
        var edits = await db.MessageEdits.AsNoTracking().Where(e => e.MessageId == messageId).OrderBy(e => e.EditedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. edits.Select(e => new MessageEdit(e.MessageId, EnvelopeCodec.Decode(e.Envelope)!, e.EditedAt))];
    }

    private async ValueTask CheckPostingRulesAsync(Caller caller, SendPermission channel, CancellationToken cancellationToken)
    {
        if (channel.Archived)
        {
            throw Fail.Code(ErrorCodes.ChannelArchived, 403, "The channel is archived.");
        }

        if (channel.IsDm)
        {
            if (await sendAuthorizer.BlockedEitherWayAsync(caller.UserId, channel.DmPeerOf(caller.UserId), cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.Blocked, 403, "A block exists between you and this user.");
            }

            return;
        }

        Roles.Internal.ModerationRules.ThrowIfTimedOut(channel.TimedOutUntil, clock.UtcNow);
        if (!channel.Permissions.HasAll(CommunityPermissions.SendMessages))
        {
            throw Fail.Forbidden("This needs the send_messages permission.");
        }

        if (channel.ReadOnly && !channel.CanModerate)
        {
            throw Fail.Code(ErrorCodes.ChannelReadOnly, 403, "The channel is read-only.");
        }

        if (channel.SlowModeSeconds > 0 && !channel.CanModerate)
        {
            var last = await db.Messages.AsNoTracking().Where(m => m.ChannelId == channel.ChannelId && m.SenderId == caller.UserId)
                .OrderByDescending(m => m.Seq).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var wait = last + TimeSpan.FromSeconds(channel.SlowModeSeconds) - clock.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                throw new ChatalotServerException(ErrorCodes.SlowMode, 429, "Slow mode is on; wait before posting again.", wait);
            }
        }
    }

    private Task<MessageRow?> FindByKeyAsync(Guid channelId, Guid senderId, string key, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.ChannelId == channelId && m.SenderId == senderId && m.IdempotencyKey == key, cancellationToken);

    private async Task<MessageRow> RowAsync(Guid channelId, Guid messageId, CancellationToken cancellationToken) =>
        await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == channelId, cancellationToken).ConfigureAwait(false)
        ?? throw Fail.NotFound("The message");

    private async Task<long> SeqOfAsync(Guid channelId, Guid messageId, string field, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking().Where(m => m.Id == messageId && m.ChannelId == channelId).Select(m => (long?)m.Seq)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
        ?? throw Fail.Validation(field, "The cursor message is not in this channel.");

    private static Guid[]? DmUsers(Storage.Internal.ChannelRow channel) =>
        channel.DmUserLow is { } a && channel.DmUserHigh is { } b ? [a, b] : null;

    public static Message ToDto(MessageRow m) => ToDto(m, EnvelopeCodec.Decode(m.Envelope));

    // A new message's envelope is the request's own (already validated and stored as is): no need to decode it again.
    // The franking commitment and tag travel with the body they belong to; a deleted message shows neither (the row keeps
    // them, so a reader who holds the plaintext can still report it until the purge).
    private static Message ToDto(MessageRow m, MessageEnvelope? envelope) => new(
        m.Id, m.ChannelId, m.SenderId, m.SenderDeviceId, envelope, m.CreatedAt, m.IdempotencyKey, m.ReplyToId, m.EditedAt, m.DeletedAt, m.ThreadRootId)
    {
        FrankCommitment = envelope is null ? null : m.FrankCommitment,
        FrankTag = envelope is null ? null : m.FrankTag,
        FrankKeyId = envelope is null ? null : m.FrankKeyId,
    };
}

/// <summary>
/// A committed (or answered) send: the message, whether this send stored it, the DM participants to reach, and whether
/// to announce it (also an answered retry, see <see cref="MessageService.PublishAsync"/>).
/// </summary>
internal sealed record SendOutcome(Message Message, bool Created, IReadOnlyCollection<Guid>? DmUsers, bool Announce = true);
