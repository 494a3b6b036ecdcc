using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Messages' references to attachments (rest.md §Attachments): which ids a send or edit may reference, who may read an
/// attachment through them, and <see cref="Message.AttachmentIds"/> on the messages the server returns.
/// </summary>
internal sealed class AttachmentReferences(ChatalotDbContext db, SendAuthorizer sendAuthorizer)
{
    /// <summary>
    /// The distinct ids of a send or edit, checked: each a completed upload the sender made or may download (a forward
    /// re-sends the same blob). Null when there are none. One query, plus channel checks only for others' uploads.
    /// </summary>
    public async ValueTask<Guid[]?> CheckAsync(Guid userId, IReadOnlyList<Guid>? attachmentIds, CancellationToken cancellationToken)
    {
        if (attachmentIds is not { Count: > 0 })
        {
            return null;
        }

        var ids = attachmentIds.Distinct().ToArray();
        if (ids.Length > ChatalotLimits.ContentAttachmentsMax)
        {
            throw Fail.Validation("attachment_ids", $"A message references at most {ChatalotLimits.ContentAttachmentsMax} attachments.");
        }

        var rows = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count != ids.Length)
        {
            throw Fail.Validation("attachment_ids", "An attachment is unknown or not yours to reference.");
        }

        foreach (var row in rows)
        {
            if (!row.Completed)
            {
                if (row.UploaderId != userId)
                {
                    throw Fail.Validation("attachment_ids", "An attachment is unknown or not yours to reference.");
                }

                throw Fail.Code(ErrorCodes.UploadIncomplete, 409, "An attachment's upload is not complete.");
            }

            if (!await MayReadAsync(userId, row, cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Validation("attachment_ids", "An attachment is unknown or not yours to reference.");
            }
        }

        Array.Sort(ids);
        return ids;
    }

    /// <summary>Whether the user may read the attachment: its uploader, or a reader of a channel where a live message references it.</summary>
    public async Task<bool> MayReadAsync(Guid userId, AttachmentRow row, CancellationToken cancellationToken)
    {
        if (row.UploaderId == userId)
        {
            return true;
        }

        var channels = await db.MessageAttachments.AsNoTracking().Where(r => r.AttachmentId == row.Id)
            .Join(db.Messages.Where(m => m.DeletedAt == null), r => r.MessageId, m => m.Id, (r, m) => m.ChannelId)
            .Distinct().Take(64).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var channelId in channels)
        {
            if (await sendAuthorizer.ChannelAsync(userId, channelId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds references an edit brings (those the message already has are skipped); saved with the edit.</summary>
    public async Task AddAsync(Guid messageId, Guid[] ids, CancellationToken cancellationToken)
    {
        var existing = await db.MessageAttachments.AsNoTracking().Where(r => r.MessageId == messageId).Select(r => r.AttachmentId).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids.Except(existing))
        {
            db.MessageAttachments.Add(new MessageAttachmentRow { MessageId = messageId, AttachmentId = id });
        }
    }

    /// <summary>The messages with their <see cref="Message.AttachmentIds"/> filled in (one query for the lot).</summary>
    public async Task<List<Message>> FillAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.DeletedAt is null).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return [.. messages];
        }

        var refs = await db.MessageAttachments.AsNoTracking().Where(r => ids.Contains(r.MessageId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (refs.Count == 0)
        {
            return [.. messages];
        }

        var byMessage = refs.GroupBy(r => r.MessageId).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)[.. g.Select(r => r.AttachmentId).Order()]);
        return [.. messages.Select(m => byMessage.TryGetValue(m.Id, out var list) ? m with { AttachmentIds = list } : m)];
    }

    public async Task<Message> FillAsync(Message message, CancellationToken cancellationToken) =>
        (await FillAsync([message], cancellationToken).ConfigureAwait(false))[0];
}
