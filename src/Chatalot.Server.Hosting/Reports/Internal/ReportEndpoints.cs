using Chatalot.Protocol.Reports;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Reports.Internal;

/// <summary>Routes of abuse reports (docs/protocol/rest.md §Reports).</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Reports");
        g.MapPost("/messages/{messageId}/reports", async (Caller caller, Guid messageId, HttpContext http, ReportService s) =>
        {
            var (report, created) = await s.CreateAsync(caller, messageId, await WireJson.ReadAsync<CreateReportRequest>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
            return created ? WireJson.Created(report) : WireJson.Ok(report);
        }).AcceptsJson<CreateReportRequest>().Produces<Report>(201).Produces<Report>().Errors(404, 422);
        g.MapGet("/communities/{communityId}/reports", async (Caller caller, Guid communityId, string? status, ReportService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListCommunityAsync(caller, communityId, status, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Report>>().Errors(403, 404, 422);
        g.MapGet("/admin/reports", async (Caller caller, string? status, ReportService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListInstanceAsync(caller, status, ct).ConfigureAwait(false))).Produces<IReadOnlyList<Report>>().Errors(403, 422);
        g.MapPost("/reports/{reportId}/resolve", async (Caller caller, Guid reportId, ReportService s, CancellationToken ct) =>
            WireJson.Ok(await s.CloseAsync(caller, reportId, ReportStatus.Resolved, ct).ConfigureAwait(false))).Produces<Report>().Errors(403, 404, 409);
        g.MapPost("/reports/{reportId}/dismiss", async (Caller caller, Guid reportId, ReportService s, CancellationToken ct) =>
            WireJson.Ok(await s.CloseAsync(caller, reportId, ReportStatus.Dismissed, ct).ConfigureAwait(false))).Produces<Report>().Errors(403, 404, 409);
    }
}
