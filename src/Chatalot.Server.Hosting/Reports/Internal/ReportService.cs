using Chatalot.Protocol;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Reports;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Reports.Internal;

/// <summary>
/// Verifiable abuse reports (crypto.md §14.4): a reader reveals one message's opening; it is accepted only when the
/// franking commitment opens to it and the server's tag over that commitment verifies. Moderators then see the verified
/// plaintext. Nothing about any other message is revealed or needed.
/// </summary>
internal sealed class ReportService(ChatalotDbContext db, Clock clock, Access access, FrankingKeys franking, Audit.Internal.AuditLog audit)
{
    private const int ListMax = 200;

    /// <summary>Files a report; answers the caller's existing open report of the same message instead of a second one.</summary>
    public async Task<(Report Report, bool Created)> CreateAsync(Caller caller, Guid messageId, CreateReportRequest request, CancellationToken cancellationToken)
    {
        if (!ReportReason.IsKnown(request.Reason))
        {
            throw Fail.Validation("reason", "Must be one of spam, harassment, illegal, graphic, other.");
        }

        if (request.Note is { Length: > ChatalotLimits.ReportNoteMaxLength })
        {
            throw Fail.Validation("note", $"At most {ChatalotLimits.ReportNoteMaxLength} characters.");
        }

        if (request.Plaintext is not { Length: > 0 and <= ChatalotLimits.MessageEnvelopeMaxBytes })
        {
            throw Fail.Validation("plaintext", "Required: the message's decrypted plaintext.");
        }

        if (request.FrankingKey is not { Length: FrankingFormat.Length })
        {
            throw Fail.Validation("franking_key", "Must be 32 bytes.");
        }

        // Unknown messages and messages of channels the caller cannot read look alike (404), as elsewhere.
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken).ConfigureAwait(false);
        var channel = message is null ? null : await access.ChannelAccessAsync(caller.UserId, message.ChannelId, cancellationToken).ConfigureAwait(false);
        if (message is null || channel is not { CanRead: true })
        {
            throw Fail.NotFound("The message");
        }

        if (!Verifies(message, request))
        {
            throw Fail.Code(ErrorCodes.ReportUnverifiable, 422, "The opening does not match the message's franking commitment.");
        }

        var existing = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.MessageId == messageId && r.ReporterId == caller.UserId && r.Status == ReportStatus.Open, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return (ToDto(existing), false);
        }

        var row = new ReportRow
        {
            Id = clock.NewId(),
            Status = ReportStatus.Open,
            ReporterId = caller.UserId,
            SenderId = message.SenderId,
            SenderDeviceId = message.SenderDeviceId,
            MessageId = message.Id,
            ChannelId = message.ChannelId,
            CommunityId = channel.Channel.CommunityId,
            Reason = request.Reason,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note,
            Plaintext = request.Plaintext,
            SentAt = message.EditedAt ?? message.CreatedAt,
            CreatedAt = clock.UtcNow,
        };
        db.Reports.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (ToDto(row), true);
    }

    /// <summary>A community's reports, newest first; for its handlers only (<see cref="ReportAccess"/>).</summary>
    public async Task<IReadOnlyList<Report>> ListCommunityAsync(Caller caller, Guid communityId, string? status, CancellationToken cancellationToken)
    {
        var wanted = CheckStatus(status);
        await access.RequireCommunityPermissionAsync(caller, communityId, ReportAccess.CommunityHandler, cancellationToken).ConfigureAwait(false);
        return await ListAsync(db.Reports.Where(r => r.CommunityId == communityId), wanted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports of DM messages, for the instance owner (<see cref="ReportAccess.DmHandler"/>).</summary>
    public async Task<IReadOnlyList<Report>> ListInstanceAsync(Caller caller, string? status, CancellationToken cancellationToken)
    {
        var wanted = CheckStatus(status);
        if (caller.Role < ReportAccess.DmHandler)
        {
            throw Fail.Forbidden("Only the instance owner handles reports of direct messages.");
        }

        return await ListAsync(db.Reports.Where(r => r.CommunityId == null), wanted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes an open report as <paramref name="status"/>; idempotent for the same outcome, 409 for the other.</summary>
    public async Task<Report> CloseAsync(Caller caller, Guid reportId, string status, CancellationToken cancellationToken)
    {
        var row = await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken).ConfigureAwait(false) ?? throw Fail.NotFound("The report");
        if (row.CommunityId is { } community)
        {
            await access.RequireCommunityPermissionAsync(caller, community, ReportAccess.CommunityHandler, cancellationToken).ConfigureAwait(false);
        }
        else if (caller.Role < ReportAccess.DmHandler)
        {
            // A DM report's existence is not revealed to anyone else.
            throw Fail.NotFound("The report");
        }

        if (row.Status == status)
        {
            return ToDto(row);
        }

        if (row.Status != ReportStatus.Open)
        {
            throw Fail.Conflict($"The report was already {row.Status}.");
        }

        row.Status = status;
        row.ResolvedAt = clock.UtcNow;
        row.ResolvedBy = caller.UserId;
        audit.Record(status == ReportStatus.Resolved ? Protocol.Audit.AuditAction.ReportResolved : Protocol.Audit.AuditAction.ReportDismissed,
            caller.UserId, row.CommunityId, row.SenderId, row.Id, detail: row.Reason);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    private bool Verifies(MessageRow message, CreateReportRequest request)
    {
        if (message.FrankCommitment is not { } commitment || message.FrankTag is not { } tag || message.FrankKeyId is not { } keyId)
        {
            // Stored before franking: there is nothing to verify against.
            return false;
        }

        // Both checks always run, so the answer's timing does not tell which part failed.
        var opens = FrankingFormat.VerifyCommitment(commitment, request.FrankingKey, request.Plaintext, message.SenderId, message.SenderDeviceId, message.ChannelId, message.IdempotencyKey);
        var bound = franking.Verify(keyId, tag, commitment, message.SenderId, message.ChannelId, message.Id, message.EditedAt ?? message.CreatedAt);
        return opens & bound & CarriesKey(request.Plaintext, request.FrankingKey);
    }

    // The plaintext must be well-formed content that itself carries the revealed key (content.md §3.7), as receivers check.
    private static bool CarriesKey(byte[] plaintext, byte[] frankingKey)
    {
        try
        {
            return ContentCodec.Decode(plaintext).FrankingKey is { } carried && carried.AsSpan().SequenceEqual(frankingKey);
        }
        catch (ContentFormatException)
        {
            return false;
        }
    }

    private static string CheckStatus(string? status) => status switch
    {
        null or "" => ReportStatus.Open,
        "all" => "all",
        _ when ReportStatus.IsKnown(status) => status,
        _ => throw Fail.Validation("status", "Must be open, resolved, dismissed or all."),
    };

    private static async Task<IReadOnlyList<Report>> ListAsync(IQueryable<ReportRow> reports, string status, CancellationToken cancellationToken)
    {
        if (status != "all")
        {
            reports = reports.Where(r => r.Status == status);
        }

        var rows = await reports.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(ListMax).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToDto)];
    }

    private static Report ToDto(ReportRow r) => new(
        r.Id, r.Status, r.ReporterId, r.SenderId, r.SenderDeviceId, r.MessageId, r.ChannelId, r.CommunityId, r.Reason, r.Note, r.Plaintext,
        r.SentAt, r.CreatedAt, r.ResolvedAt, r.ResolvedBy);
}
