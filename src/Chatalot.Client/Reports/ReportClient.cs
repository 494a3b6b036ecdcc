using Chatalot.Client.Rest;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Reports;

namespace Chatalot.Client;

/// <summary>
/// Verifiable abuse reports (client.md, "Reports"; crypto.md §14). Reporting reveals exactly one message to the
/// server: its decrypted plaintext and franking key, which the server checks against the commitment the sender made and
/// the tag it bound at delivery. Moderators (a community's owner and admins; the instance owner for DMs) list, resolve
/// and dismiss reports.
/// </summary>
public sealed class ReportClient
{
    private readonly ChatalotRestClient _rest;

    internal ReportClient(ChatalotRestClient rest) => _rest = rest;

    /// <summary>Reports a received message.</summary>
    /// <param name="message">The message as this client decrypted it.</param>
    /// <param name="reason">One of <see cref="ReportReason"/>.</param>
    /// <param name="note">Optional words for the moderators (at most 1,000 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verified report.</returns>
    /// <exception cref="ChatalotClientException"><c>validation_failed</c>: the message carries no franking opening.</exception>
    /// <exception cref="ChatalotApiException"><c>report_unverifiable</c>, <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<Report> ReportAsync(MessageReceived message, string reason, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(message.MessageId, message.Content, message.FrankingPlaintext, reason, note, cancellationToken);
    }

    /// <summary>Reports the current (edited) body of a message.</summary>
    /// <param name="message">The edit as this client decrypted it.</param>
    /// <param name="reason">One of <see cref="ReportReason"/>.</param>
    /// <param name="note">Optional words for the moderators.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verified report.</returns>
    /// <exception cref="ChatalotClientException"><c>validation_failed</c>: the message carries no franking opening.</exception>
    /// <exception cref="ChatalotApiException"><c>report_unverifiable</c> (for example, the message was edited again since), <c>not_found</c>.</exception>
    public Task<Report> ReportAsync(MessageEdited message, string reason, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(message.MessageId, message.Content, message.FrankingPlaintext, reason, note, cancellationToken);
    }

    /// <summary>Reports a message by an opening kept from when it was received (<see cref="MessageReceived.Opening"/>).</summary>
    /// <param name="message">The reported message.</param>
    /// <param name="opening">Its opening.</param>
    /// <param name="reason">One of <see cref="ReportReason"/>.</param>
    /// <param name="note">Optional words for the moderators.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verified report.</returns>
    /// <exception cref="ChatalotApiException"><c>report_unverifiable</c> (for example, the message was edited since), <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<Report> ReportAsync(MessageId message, FrankingOpening opening, string reason, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return SendAsync(message, ContentCodec.Decode(opening.Plaintext), opening.Plaintext, reason, note, cancellationToken);
    }

    /// <summary>A community's reports, newest first (its owner and admins).</summary>
    /// <param name="community">The community.</param>
    /// <param name="status">One of <see cref="ReportStatus"/>, or <c>all</c>; open by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>At most 200 reports; read each one's content with <see cref="ReadContent"/>.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<IReadOnlyList<Report>> ListAsync(CommunityId community, string? status = ReportStatus.Open, CancellationToken cancellationToken = default) =>
        _rest.ListCommunityReportsAsync(community, status, cancellationToken);

    /// <summary>Reports of direct messages, newest first (the instance owner).</summary>
    /// <param name="status">One of <see cref="ReportStatus"/>, or <c>all</c>; open by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>At most 200 reports.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Report>> ListDirectAsync(string? status = ReportStatus.Open, CancellationToken cancellationToken = default) =>
        _rest.ListInstanceReportsAsync(status, cancellationToken);

    /// <summary>Closes a report as acted on.</summary>
    /// <param name="report">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>conflict</c>.</exception>
    public Task<Report> ResolveAsync(Guid report, CancellationToken cancellationToken = default) => _rest.ResolveReportAsync(report, cancellationToken);

    /// <summary>Closes a report as needing no action.</summary>
    /// <param name="report">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>conflict</c>.</exception>
    public Task<Report> DismissAsync(Guid report, CancellationToken cancellationToken = default) => _rest.DismissReportAsync(report, cancellationToken);

    /// <summary>The verified content of a report (its text, attachments, …).</summary>
    /// <param name="report">The report.</param>
    /// <returns>The decoded content.</returns>
    /// <exception cref="ContentFormatException">The plaintext is not content (a server would not have accepted it).</exception>
    public static MessageContent ReadContent(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ContentCodec.Decode(report.Plaintext);
    }

    private Task<Report> SendAsync(MessageId message, MessageContent content, byte[]? plaintext, string reason, string? note, CancellationToken cancellationToken)
    {
        if (plaintext is null || content.FrankingKey is not { } frankingKey)
        {
            throw new ChatalotClientException(Protocol.Errors.ErrorCodes.ValidationFailed, "This message cannot be reported: it was stored before franking existed, or was not decrypted by this client (see CanReport).");
        }

        return _rest.CreateReportAsync(message, new CreateReportRequest(plaintext, frankingKey, reason, note), cancellationToken);
    }
}
