namespace Chatalot.Protocol.Reports;

/// <summary>
/// A verified abuse report (crypto.md §14.4). <see cref="Plaintext"/> is the reported message's content, proven by the
/// franking check to be exactly what <see cref="SenderId"/> sent; decode it with <c>ContentCodec.Decode</c>.
/// </summary>
/// <param name="Id">The report id.</param>
/// <param name="Status">One of <see cref="ReportStatus"/>.</param>
/// <param name="ReporterId">Who reported.</param>
/// <param name="SenderId">Who sent the reported message (verified).</param>
/// <param name="SenderDeviceId">The sending device.</param>
/// <param name="MessageId">The reported message.</param>
/// <param name="ChannelId">Its channel (a DM is a channel).</param>
/// <param name="CommunityId">The community whose moderators handle it; <see langword="null"/> for a DM (the instance owner handles it).</param>
/// <param name="Reason">One of <see cref="ReportReason"/>.</param>
/// <param name="Note">The reporter's note.</param>
/// <param name="Plaintext">The verified padded content plaintext.</param>
/// <param name="SentAt">When the server accepted the reported body.</param>
/// <param name="CreatedAt">When the report was made.</param>
/// <param name="ResolvedAt">When a moderator resolved or dismissed it.</param>
/// <param name="ResolvedBy">Who did.</param>
public sealed record Report(
    Guid Id,
    string Status,
    Guid ReporterId,
    Guid SenderId,
    int SenderDeviceId,
    Guid MessageId,
    Guid ChannelId,
    Guid? CommunityId,
    string Reason,
    string? Note,
    byte[] Plaintext,
    DateTimeOffset SentAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt = null,
    Guid? ResolvedBy = null);
