namespace Chatalot.Protocol.Reports;

/// <summary>
/// Body of <c>POST /api/v1/messages/{id}/reports</c>: the reporter reveals the opening of one message (crypto.md §14.4).
/// The server accepts the report only if the opening verifies against the commitment and tag it stored.
/// </summary>
/// <param name="Plaintext">The message's padded content plaintext exactly as decrypted (content.md §5).</param>
/// <param name="FrankingKey">The 32-byte franking key <c>fk</c> found inside that plaintext.</param>
/// <param name="Reason">One of <see cref="ReportReason"/>.</param>
/// <param name="Note">Optional words for the moderators, at most <see cref="ChatalotLimits.ReportNoteMaxLength"/> characters.</param>
public sealed record CreateReportRequest(byte[] Plaintext, byte[] FrankingKey, string Reason, string? Note = null);
