using Chatalot.Protocol.Reports;

namespace Chatalot.Client.Rest;

public sealed partial class ChatalotRestClient
{
    /// <summary><c>POST /messages/{id}/reports</c>: reports one message by revealing its franking opening (crypto.md §14.4).</summary>
    /// <param name="message">The reported message.</param>
    /// <param name="request">The opening (plaintext and franking key), reason and note.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verified report (the caller's open report of the message, when one exists).</returns>
    /// <exception cref="ChatalotApiException"><c>report_unverifiable</c> (the opening does not match), <c>not_found</c>, <c>validation_failed</c>.</exception>
    public Task<Report> CreateReportAsync(MessageId message, CreateReportRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<CreateReportRequest, Report>($"messages/{message}/reports", request, cancellationToken);

    /// <summary><c>GET /communities/{id}/reports</c>: the community's reports, newest first (owner and admins).</summary>
    /// <param name="community">The community.</param>
    /// <param name="status"><c>open</c> (default), <c>resolved</c>, <c>dismissed</c> or <c>all</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>At most 200 reports.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>.</exception>
    public Task<IReadOnlyList<Report>> ListCommunityReportsAsync(CommunityId community, string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync($"communities/{community}/reports{StatusQuery(status)}", Info<IReadOnlyList<Report>>(), cancellationToken);

    /// <summary><c>GET /admin/reports</c>: reports of direct messages, newest first (the instance owner).</summary>
    /// <param name="status"><c>open</c> (default), <c>resolved</c>, <c>dismissed</c> or <c>all</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>At most 200 reports.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>.</exception>
    public Task<IReadOnlyList<Report>> ListInstanceReportsAsync(string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync($"admin/reports{StatusQuery(status)}", Info<IReadOnlyList<Report>>(), cancellationToken);

    /// <summary><c>POST /reports/{id}/resolve</c>: closes a report as acted on.</summary>
    /// <param name="report">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>conflict</c> (already dismissed).</exception>
    public Task<Report> ResolveReportAsync(Guid report, CancellationToken cancellationToken = default) =>
        PostAsync<Report>($"reports/{report}/resolve", cancellationToken);

    /// <summary><c>POST /reports/{id}/dismiss</c>: closes a report as needing no action.</summary>
    /// <param name="report">The report id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ChatalotApiException"><c>forbidden</c>, <c>not_found</c>, <c>conflict</c> (already resolved).</exception>
    public Task<Report> DismissReportAsync(Guid report, CancellationToken cancellationToken = default) =>
        PostAsync<Report>($"reports/{report}/dismiss", cancellationToken);

    private static string StatusQuery(string? status) => status is null ? "" : "?status=" + Uri.EscapeDataString(status);
}
