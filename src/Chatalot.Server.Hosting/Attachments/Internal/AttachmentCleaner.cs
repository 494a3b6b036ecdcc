using Chatalot.Server.Hosting.Storage;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Deletes attachments nothing references any more: the row first (guarded in the same statement, so a reference
/// added concurrently keeps it), then the blob. Used when a message goes, by <c>DELETE /uploads/{id}</c> and by the
/// orphan sweeper; safe to run on several nodes at once.
/// </summary>
internal sealed class AttachmentCleaner(ChatalotDbContext db, IChatalotBlobStore store, RunningDigests digests)
{
    /// <summary>Deletes the attachment unless a message (that still exists) references it; true when it is gone.</summary>
    public async Task<bool> DeleteIfUnreferencedAsync(Guid id, CancellationToken cancellationToken)
    {
        var removed = await db.Attachments
            .Where(a => a.Id == id && !db.MessageAttachments.Any(r => r.AttachmentId == a.Id && db.Messages.Any(m => m.Id == r.MessageId)))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (removed == 0 && await db.Attachments.AnyAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await db.MessageAttachments.Where(r => r.AttachmentId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        digests.Forget(id);
        return true;
    }

    /// <summary>
    /// Drops the references of messages that are gone or deleted, and deletes the attachments that lost their last one.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        var ids = await db.MessageAttachments.AsNoTracking().Where(r => messageIds.Contains(r.MessageId)).Select(r => r.AttachmentId)
            .Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return;
        }

        await db.MessageAttachments.Where(r => messageIds.Contains(r.MessageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await DeleteIfUnreferencedAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }
}
