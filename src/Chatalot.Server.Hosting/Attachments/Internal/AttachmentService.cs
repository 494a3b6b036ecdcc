using System.Security.Cryptography;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>
/// Uploads of encrypted files (rest.md §Attachments): reservations counted against quotas, resumable appends checked
/// against the stored offset, completion against the client's digest, and who may read a completed file. The server
/// sees lengths and a digest of ciphertext only.
/// </summary>
internal sealed class AttachmentService(
    ChatalotDbContext db,
    Clock clock,
    IOptions<ChatalotServerOptions> options,
    IChatalotBlobStore store,
    SendAuthorizer sendAuthorizer,
    AttachmentCleaner cleaner,
    AttachmentReferences references,
    RunningDigests digests)
{
    private ChatalotAttachmentOptions Settings => options.Value.Attachments;

    public async Task<Upload> CreateAsync(Caller caller, CreateUploadRequest request, CancellationToken cancellationToken)
    {
        var max = Settings.MaxCiphertextBytes;
        if (request.Length < AttachmentLimits.MinCiphertextBytes)
        {
            throw Fail.Validation("length", $"An encrypted file has at least {AttachmentLimits.MinCiphertextBytes} bytes.");
        }

        if (request.Length > max)
        {
            throw Fail.Code(ErrorCodes.AttachmentTooLarge, 413, $"An upload may declare at most {max} bytes.");
        }

        Guid? communityId = null;
        if (request.ChannelId is { } channelId)
        {
            communityId = await RequirePosterAsync(caller, channelId, cancellationToken).ConfigureAwait(false);
        }

        await CheckQuotasAsync(caller.UserId, communityId, request.Length, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var row = new AttachmentRow
        {
            Id = Guid.NewGuid(), // random (v4), not a v7: an attachment id must not be guessable
            UploaderId = caller.UserId,
            ChannelId = request.ChannelId,
            CommunityId = communityId,
            Length = request.Length,
            CreatedAt = now,
            ExpiresAt = now + Settings.OrphanGracePeriod,
        };
        db.Attachments.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        // Two creates may both pass the check above; the one that overshoots takes itself back, so a quota holds under
        // any interleaving (both may lose, never both win).
        try
        {
            await CheckQuotasAsync(caller.UserId, communityId, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatalotServerException)
        {
            await db.Attachments.Where(a => a.Id == row.Id).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return ToDto(row, 0);
    }

    public async Task<Upload> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var row = await OwnAsync(caller, id, cancellationToken).ConfigureAwait(false);
        return ToDto(row, row.Completed ? row.Length : await store.GetLengthAsync(id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Appends one chunk. The offset check and the write happen under the store's exclusive hold on the blob, so two
    /// racing PATCHes never interleave: the loser is told the offset it should have used.
    /// </summary>
    public async Task<long> AppendAsync(Caller caller, Guid id, long offset, byte[]? checksum, Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        var row = await OwnAsync(caller, id, cancellationToken).ConfigureAwait(false);
        if (row.Completed)
        {
            throw Fail.Conflict("The upload is complete.");
        }

        if (offset < 0 || offset > row.Length)
        {
            throw OffsetMismatch(await store.GetLengthAsync(id, cancellationToken).ConfigureAwait(false));
        }

        var room = row.Length - offset;
        if (contentLength > room)
        {
            throw Fail.TooLarge($"The body runs past the upload's length ({row.Length} bytes).");
        }

        var running = digests.Take(id, offset);
        var chunk = new ChunkStream(body, Math.Min(room, AttachmentLimits.ChunkMaxBytes), checksum is not null, running);
        BlobAppendResult result;
        try
        {
            result = await store.AppendAsync(id, offset, chunk, failure => Keep(failure, chunk, checksum), cancellationToken).ConfigureAwait(false);
        }
        catch (ChunkStream.OverflowException)
        {
            running?.Dispose();
            throw Fail.TooLarge($"The body runs past the upload's length ({row.Length} bytes) or {AttachmentLimits.ChunkMaxBytes} bytes.");
        }
        catch (Exception) when (checksum is null)
        {
            // A body cut short keeps what arrived: record it so the client can resume from there. The running digest
            // is dropped: completion hashes the stored bytes instead.
            running?.Dispose();
            await RecordOffsetAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            running?.Dispose();
            throw;
        }

        if (running is not null)
        {
            digests.Return(id, running, result.Length);
        }

        if (!result.Appended)
        {
            throw OffsetMismatch(result.Length);
        }

        if (checksum is not null && result.Length == offset && chunk.BytesRead > 0)
        {
            throw Fail.Code(ErrorCodes.ChecksumMismatch, 422, "The body does not match its Upload-Checksum; nothing was written.");
        }

        await db.Attachments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Offset, result.Length), CancellationToken.None).ConfigureAwait(false);
        return result.Length;
    }

    private static bool Keep(Exception? failure, ChunkStream chunk, byte[]? checksum)
    {
        if (failure is ChunkStream.OverflowException or Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 })
        {
            return false;
        }

        if (checksum is null)
        {
            return true;
        }

        return failure is null && CryptographicOperations.FixedTimeEquals(chunk.Hash(), checksum);
    }

    private async Task RecordOffsetAsync(Guid id, CancellationToken cancellationToken)
    {
        var length = await store.GetLengthAsync(id, cancellationToken).ConfigureAwait(false);
        await db.Attachments.Where(a => a.Id == id && !a.Completed).ExecuteUpdateAsync(u => u.SetProperty(a => a.Offset, length), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Upload> CompleteAsync(Caller caller, Guid id, CompleteUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.Digest is not { Length: 32 })
        {
            throw Fail.Validation("digest", "The SHA-256 of the ciphertext: 32 bytes.");
        }

        var row = await OwnAsync(caller, id, cancellationToken).ConfigureAwait(false);
        if (row.Completed)
        {
            return CryptographicOperations.FixedTimeEquals(row.Digest, request.Digest)
                ? ToDto(row, row.Length)
                : throw Fail.Code(ErrorCodes.DigestMismatch, 422, "The upload was completed with another digest.");
        }

        var stored = await store.GetLengthAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored < row.Length)
        {
            throw Fail.Code(ErrorCodes.UploadIncomplete, 409, $"The server holds {stored} of {row.Length} bytes; send the rest first.");
        }

        // The digest kept as the chunks arrived, when it covered exactly the stored bytes; else read them back.
        var digest = digests.Finish(id, row.Length) ?? await DigestAsync(id, row.Length, cancellationToken).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(digest, request.Digest))
        {
            throw Fail.Code(ErrorCodes.DigestMismatch, 422, "The digest is not the SHA-256 of the stored bytes; delete the upload and send it again.");
        }

        await store.FlushAsync(id, cancellationToken).ConfigureAwait(false);
        await db.Attachments.Where(a => a.Id == id).ExecuteUpdateAsync(
            u => u.SetProperty(a => a.Completed, true).SetProperty(a => a.Digest, digest).SetProperty(a => a.Offset, row.Length), cancellationToken).ConfigureAwait(false);
        row.Completed = true;
        row.Digest = digest;
        return ToDto(row, row.Length);
    }

    private async Task<byte[]> DigestAsync(Guid id, long length, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sink = new HashingSink(hash);
        await using (sink.ConfigureAwait(false))
        {
            await store.ReadAsync(id, 0, length, sink, cancellationToken).ConfigureAwait(false);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Deletes an upload of the caller's that no message references.</summary>
    public async Task DeleteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        await OwnAsync(caller, id, cancellationToken).ConfigureAwait(false);
        if (await db.MessageAttachments.AnyAsync(r => r.AttachmentId == id && db.Messages.Any(m => m.Id == r.MessageId), cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Conflict("A message references the attachment; delete the message instead.");
        }

        if (!await cleaner.DeleteIfUnreferencedAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Conflict("A message references the attachment; delete the message instead.");
        }
    }

    /// <summary>A completed attachment the caller may read: its uploader, or a reader of a channel where a live message references it.</summary>
    public async Task<AttachmentRow> ReadableAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        if (row is null || !row.Completed || !await references.MayReadAsync(caller.UserId, row, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The attachment");
        }

        return row;
    }

    public async Task<StorageUsage> UsageAsync(Caller caller, CancellationToken cancellationToken)
    {
        var used = await db.Attachments.Where(a => a.UploaderId == caller.UserId).SumAsync(a => a.Length, cancellationToken).ConfigureAwait(false);
        return new StorageUsage(used, Settings.UserQuotaBytes, Settings.MaxCiphertextBytes);
    }

    private async Task<Guid?> RequirePosterAsync(Caller caller, Guid channelId, CancellationToken cancellationToken)
    {
        var permission = await sendAuthorizer.ChannelAsync(caller.UserId, channelId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The channel");
        if (permission.Archived)
        {
            throw Fail.Code(ErrorCodes.ChannelArchived, 403, "The channel is archived.");
        }

        if (permission.IsDm)
        {
            if (await sendAuthorizer.BlockedEitherWayAsync(caller.UserId, permission.DmPeerOf(caller.UserId), cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.Blocked, 403, "A block exists between you and this user.");
            }

            return null;
        }

        Roles.Internal.ModerationRules.ThrowIfTimedOut(permission.TimedOutUntil, clock.UtcNow);
        if ((permission.Permissions & (Protocol.Roles.CommunityPermissions.SendMessages | Protocol.Roles.CommunityPermissions.AttachFiles)) !=
            (Protocol.Roles.CommunityPermissions.SendMessages | Protocol.Roles.CommunityPermissions.AttachFiles))
        {
            throw Fail.Forbidden("This needs the send_messages and attach_files permissions.");
        }

        if (permission.ReadOnly && !permission.CanModerate)
        {
            throw Fail.Code(ErrorCodes.ChannelReadOnly, 403, "The channel is read-only.");
        }

        return await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => c.CommunityId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckQuotasAsync(Guid userId, Guid? communityId, long adding, CancellationToken cancellationToken)
    {
        if (Settings.UserQuotaBytes is { } userQuota)
        {
            var used = await db.Attachments.Where(a => a.UploaderId == userId).SumAsync(a => a.Length, cancellationToken).ConfigureAwait(false);
            if (used + adding > userQuota)
            {
                throw Fail.Code(ErrorCodes.QuotaExceeded, 413, $"Your storage quota ({userQuota} bytes) has {Math.Max(0, userQuota - used)} bytes left.");
            }
        }

        if (communityId is { } community && Settings.CommunityQuotaBytes is { } communityQuota)
        {
            var used = await db.Attachments.Where(a => a.CommunityId == community).SumAsync(a => a.Length, cancellationToken).ConfigureAwait(false);
            if (used + adding > communityQuota)
            {
                throw Fail.Code(ErrorCodes.QuotaExceeded, 413, $"The community's storage quota ({communityQuota} bytes) has {Math.Max(0, communityQuota - used)} bytes left.");
            }
        }
    }

    private async Task<AttachmentRow> OwnAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is not null && row.UploaderId == caller.UserId ? row : throw Fail.NotFound("The upload");
    }

    private static ChatalotServerException OffsetMismatch(long serverOffset) =>
        new OffsetMismatchException(serverOffset);

    private static Upload ToDto(AttachmentRow row, long offset) => new(row.Id, row.Length, offset, row.CreatedAt, row.ExpiresAt, row.Completed);
}

/// <summary><c>409 offset_mismatch</c>, carrying the server's offset for the <c>Upload-Offset</c> header.</summary>
internal sealed class OffsetMismatchException(long serverOffset)
    : ChatalotServerException(ErrorCodes.OffsetMismatch, 409, $"The upload continues at offset {serverOffset}; nothing was written.")
{
    public long ServerOffset { get; } = serverOffset;
}
