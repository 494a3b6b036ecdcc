using System.Diagnostics;
using Chatalot.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>
/// The route × actor matrix of permissions.md on every storage provider: every /api/v1 route, called by every actor,
/// answers exactly what its row says (success, or the refusal's status and typed code).
/// </summary>
public abstract class RouteMatrixConformanceTests(ServerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Rows_CoverEveryRoute()
    {
        var routes = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(RestDocumentRoutes.ApiPrefix + "/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "HEAD")
                .Select(m => RestDocumentRoutes.Key(m, e.RoutePattern.RawText![RestDocumentRoutes.ApiPrefix.Length..].TrimEnd('/'))))
            .ToHashSet();
        var rows = MatrixRows.All().Select(r => r.Key).ToList();
        Assert.NotEmpty(routes);
        Assert.True(rows.Count == rows.Distinct().Count(), "Routes with two rows:\n" + string.Join("\n", rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key)));
        var uncovered = routes.Except(rows).Order().ToList();
        var stale = rows.Except(routes).Order().ToList();
        Assert.True(uncovered.Count == 0, "Routes without a row in the matrix:\n" + string.Join("\n", uncovered));
        Assert.True(stale.Count == 0, "Rows of no route:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task EveryRoute_EveryActor_GetsExactlyWhatTheMatrixSays()
    {
        var clock = Stopwatch.StartNew();
        var world = await MatrixWorld.BuildAsync(fixture);
        var built = clock.Elapsed;
        var problems = new List<string>();
        var calls = 0;
        var slowest = new List<(TimeSpan Took, string Row)>();
        foreach (var row in MatrixRows.All())
        {
            var started = clock.Elapsed;
            foreach (var actor in Enum.GetValues<MatrixActor>())
            {
                var expected = row[actor];
                if (!expected.Applies)
                {
                    continue;
                }

                var caller = new MatrixCaller(actor, await world.AccountAsync(actor, row.Flag), expected.IsOk);
                MatrixAnswer answer;
                try
                {
                    answer = await row.Call(world, caller);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    problems.Add($"{row.Method} {row.Path} by {actor}: the call threw {e.GetType().Name}: {e.Message}");
                    continue;
                }

                calls++;
                if (!expected.Matches(answer.Status, answer.Code))
                {
                    problems.Add($"{row.Method} {row.Path} by {actor}: {MatrixCell.Of(answer.Status, answer.Code)}, expected {expected} ({(answer.Body.Length > 300 ? answer.Body[..300] : answer.Body)})");
                }
            }

            slowest.Add((clock.Elapsed - started, $"{row.Method} {row.Path}"));
        }

        output.WriteLine($"{calls} calls over {MatrixRows.All().Count} routes in {clock.Elapsed.TotalSeconds:F1} s (world built in {built.TotalSeconds:F1} s); slowest rows: " +
            string.Join(", ", slowest.OrderByDescending(s => s.Took).Take(5).Select(s => $"{s.Row} {s.Took.TotalSeconds:F1} s")));
        Assert.True(problems.Count == 0, $"{problems.Count} answers differ from the matrix:\n" + string.Join("\n", problems));
    }
}

public sealed class RouteMatrixSqliteTests(SqliteServerFixture fixture, ITestOutputHelper output) : RouteMatrixConformanceTests(fixture, output), IClassFixture<SqliteServerFixture>;

public sealed class RouteMatrixPostgresTests(PostgresServerFixture fixture, ITestOutputHelper output) : RouteMatrixConformanceTests(fixture, output), IClassFixture<PostgresServerFixture>;
