using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Reports;
using Chatalot.Server.Hosting;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// The audit log (rest.md §Audit log) on every storage provider: an action writes its entry in the same commit, the
/// community's viewers page and filter it, everyone else is refused, and entries go after 90 days.
/// </summary>
public abstract class AuditLogConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private async Task<(CommunityScenario S, Report Report)> ResolvedReportAsync(string action = "resolve")
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Member);
        var sent = await ReportConformanceTests.SendFrankedAsync(Api, s.Member, s.General.Id, "spam spam");
        var report = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/messages/{sent.Message.Id}/reports",
            new CreateReportRequest(sent.Plaintext, sent.FrankingKey, ReportReason.Spam), s.Admin.AccessToken), HttpStatusCode.Created);
        await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/{action}", s.Owner.AccessToken));
        return (s, report);
    }

    [Fact]
    public async Task ClosingAReport_WritesOneEntry_ThatTheCommunitysModeratorsRead()
    {
        var (s, report) = await ResolvedReportAsync();
        var path = $"/communities/{s.Community.Id}/audit-log";
        foreach (var viewer in new[] { s.Owner, s.Admin, s.Moderator })
        {
            var entry = Assert.Single(await Api.GetAsync<IReadOnlyList<AuditLogEntry>>(path, viewer.AccessToken));
            Assert.Equal((AuditAction.ReportResolved, s.Owner.User.Id, (Guid?)s.Community.Id, (Guid?)s.Member.User.Id, (Guid?)report.Id, "spam"),
                (entry.Action, entry.ActorId, entry.CommunityId, entry.TargetUserId, entry.TargetId, entry.Detail));
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, path, s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, path, s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        // A community's entries are not instance entries.
        Assert.DoesNotContain(await Api.GetAsync<IReadOnlyList<AuditLogEntry>>("/admin/audit-log?limit=200", fixture.Owner.AccessToken), e => e.TargetId == report.Id);
    }

    [Fact]
    public async Task Filters_AndTheBeforeCursor_PageTheLogNewestFirst()
    {
        var (s, first) = await ResolvedReportAsync();
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Moderator);
        var ids = new List<Guid> { first.Id };
        for (var i = 0; i < 3; i++)
        {
            var sent = await ReportConformanceTests.SendFrankedAsync(Api, s.Moderator, s.General.Id, $"more {i}");
            var report = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/messages/{sent.Message.Id}/reports",
                new CreateReportRequest(sent.Plaintext, sent.FrankingKey, ReportReason.Other), s.Member.AccessToken), HttpStatusCode.Created);
            await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", s.Admin.AccessToken));
            ids.Add(report.Id);
        }

        var path = $"/communities/{s.Community.Id}/audit-log";
        var all = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>(path, s.Owner.AccessToken);
        Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(e => e.TargetId!.Value));
        var page1 = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"{path}?limit=2", s.Owner.AccessToken);
        var page2 = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"{path}?limit=2&before={page1[^1].Id}", s.Owner.AccessToken);
        Assert.Equal(all, [.. page1, .. page2]);

        Assert.Equal(3, (await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"{path}?action=report_dismissed", s.Owner.AccessToken)).Count);
        Assert.Equal(ids[0], Assert.Single(await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"{path}?actor_id={s.Owner.User.Id}", s.Owner.AccessToken)).TargetId);
        Assert.Equal(3, (await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"{path}?target_user_id={s.Moderator.User.Id}", s.Owner.AccessToken)).Count);

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?action=made_up", s.Owner.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?limit=0", s.Owner.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"{path}?limit=201", s.Owner.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task InstanceEntries_AreForInstanceAdminsOnly()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Member);
        var dm = await Api.ExpectAsync<Channel>(await Api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        var sent = await ReportConformanceTests.SendFrankedAsync(Api, s.Member, dm.Id, "private", ConversationKind.Dm);
        var report = await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/messages/{sent.Message.Id}/reports",
            new CreateReportRequest(sent.Plaintext, sent.FrankingKey, ReportReason.Harassment), s.Admin.AccessToken), HttpStatusCode.Created);
        await Api.ExpectAsync<Report>(await Api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/dismiss", fixture.Owner.AccessToken));

        var entry = Assert.Single(await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/admin/audit-log?target_user_id={s.Member.User.Id}", fixture.Owner.AccessToken));
        Assert.Equal((AuditAction.ReportDismissed, (Guid?)null, (Guid?)report.Id), (entry.Action, entry.CommunityId, entry.TargetId));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, "/admin/audit-log", s.Owner.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }
}

public sealed class AuditLogSqliteTests(SqliteServerFixture fixture) : AuditLogConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class AuditLogPostgresTests(PostgresServerFixture fixture) : AuditLogConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

/// <summary>Entries are kept <see cref="Protocol.ChatalotLimits.AuditLogRetentionDays"/> days by the server's clock.</summary>
public sealed class AuditLogRetentionTests
{
    [Fact]
    public async Task Entries_GoAfterNinetyDays_AndNotBefore()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite,
            o => o with { Gateway = o.Gateway with { HeartbeatInterval = TimeSpan.FromDays(365) } }, time: time);
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        var sent = await ReportConformanceTests.SendFrankedAsync(api, s.Member, s.General.Id, "old news");
        var report = await api.ExpectAsync<Report>(await api.SendAsync(HttpMethod.Post, $"/messages/{sent.Message.Id}/reports",
            new CreateReportRequest(sent.Plaintext, sent.FrankingKey, ReportReason.Spam), s.Admin.AccessToken), HttpStatusCode.Created);
        await api.ExpectAsync<Report>(await api.SendAsync(HttpMethod.Post, $"/reports/{report.Id}/resolve", s.Owner.AccessToken));
        Assert.Single(await api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/communities/{s.Community.Id}/audit-log", s.Owner.AccessToken));
        var purge = server.Services.GetRequiredService<MessagePurgeService>();

        // Read the table directly: access tokens do not outlive a 90-day jump of the clock.
        async Task<int> EntriesAsync()
        {
            await using var scope = server.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ChatalotDbContext>().AuditLog.CountAsync(e => e.CommunityId == s.Community.Id);
        }

        time.Advance(TimeSpan.FromDays(89));
        await purge.PurgeOnceAsync(CancellationToken.None);
        Assert.Equal(1, await EntriesAsync());

        time.Advance(TimeSpan.FromDays(2));
        await purge.PurgeOnceAsync(CancellationToken.None);
        Assert.Equal(0, await EntriesAsync());
    }
}
